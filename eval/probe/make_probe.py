"""Independent probe set for the recognizers (eval/probe/chats.jsonl).

Written by hand by a second reviewer who had not read eval/make_corpus.py: chat messages in
the styles of real Chinese chats, each labelled inline as [[TYPE|text]]. Placeholders are
filled with synthetic values from tests/synth.py (valid check digits, belonging to nobody):
{ID} resident ID, {PHONE} mobile, {CARD} UnionPay card, {EMAIL}, {WX}, {QQ}, {PLATE};
the *_SP variants are spaced as people type them. Fixed seed: the file is reproducible.

    python eval/probe/make_probe.py   # writes eval/probe/chats.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))
import synth  # noqa: E402

POSITIVE = """
医美客服：亲，术前要登记下信息哈～姓名[[PERSON|林晓雯]]，身份证[[CN_ID_CARD|{ID}]]，手机[[PHONE_NUMBER|{PHONE}]]
我上周刚做了[[MEDICAL|双眼皮]]，现在还有点肿，正常吗😭
姐妹们我打完[[MEDICAL|瘦脸针]]第三天了，咬东西没力气
[[PERSON|赵女士]]您好，您预约的[[MEDICAL|水光针]]改到周六下午两点了哦
你好 我想咨询一下[[MEDICAL|热玛吉]]，我38了脸有点松
做完[[MEDICAL|吸脂]]要穿塑身衣多久啊 医生说一个月
宝宝们 我[[MEDICAL|隆鼻]]的[[MEDICAL|假体]]好像歪了 怎么办
[[PERSON|陈医生]]，我[[MEDICAL|玻尿酸]]打完下巴有个硬块
亲 您的[[MEDICAL|光子嫩肤]]疗程还剩2次 记得来做哦
姐 我那个[[MEDICAL|溶脂针]]打了以后有淤青
代购：收件人[[PERSON|黄佳琪]] [[PHONE_NUMBER|{PHONE}]] [[ADDRESS|广东省深圳市南山区粤海街道科技园南区8栋1203]]
寄到[[ADDRESS|杭州市西湖区文三路259号昌地火炬大厦1号楼6层]]，[[PERSON|周伟]]收 电话[[PHONE_NUMBER|{PHONE}]]
地址：[[ADDRESS|江苏省南京市江宁区秣陵街道胜太路28号翠屏城7幢2单元502室]]
亲 麻烦改下地址 [[ADDRESS|成都市武侯区玉林北路12号院3栋1单元4楼]]
[[PERSON|刘芳]] [[PHONE_NUMBER|{PHONE_SP}]] [[ADDRESS|河南省郑州市金水区花园路街道农业路东18号]]
收货人：[[PERSON|孙浩然]]\n电话：[[PHONE_NUMBER|{PHONE}]]\n地址：[[ADDRESS|山东省青岛市市南区香港中路76号颐和国际A座1801]]
老板 我家在[[ADDRESS|湖南省邵阳市隆回县桃洪镇新城村3组15号]]，快递能到吗
发到[[ADDRESS|浙江省金华市义乌市稠城街道宾王路158号]] 谢谢
[[ADDRESS|广西南宁市青秀区民族大道136号华润大厦B座2305]] 放快递柜就行
我住[[ADDRESS|朝阳区望京西园三区312号楼5单元801]]
寄到我妈那 [[ADDRESS|安徽省六安市霍邱县城关镇东湖社区6组]]
新地址[[ADDRESS|上海市浦东新区张江镇科苑路88弄12号301室]]
地址是[[ADDRESS|天津市河西区友谊路35号城市大厦]]，到了打我电话[[PHONE_NUMBER|{PHONE}]]
[[ADDRESS|四川省绵阳市涪城区临园路东段69号]] [[PERSON|杨磊]] [[PHONE_NUMBER|{PHONE}]]
房东：[[ADDRESS|幸福里小区12栋3单元602]]，押一付三，月租2800
租客[[PERSON|吴俊杰]]的身份证[[CN_ID_CARD|{ID}]]发我一下，要去派出所登记
我老家[[ADDRESS|河北省保定市清苑区何桥乡东王庄村]]
快递放[[ADDRESS|阳光花园3栋1单元]]门口就可以
送到[[ADDRESS|龙湖天街2期5号楼1702]]
收件地址：[[ADDRESS|福建省厦门市思明区莲前西路2号莲富大厦17楼]]
医生您好，我妈妈有[[MEDICAL|高血压]]和[[MEDICAL|糖尿病]]，[[MEDICAL|空腹血糖]]7.8，要加药吗
我今天查出来[[MEDICAL|甲状腺结节]]3类，要不要[[MEDICAL|手术]]
孩子[[MEDICAL|发烧]]39度了，吃了[[MEDICAL|布洛芬]]还没退
最近老是[[MEDICAL|失眠]]，晚上两三点才睡着，白天[[MEDICAL|心慌]]
我去年确诊了[[MEDICAL|抑郁症]]，一直在吃[[MEDICAL|舍曲林]]
[[MEDICAL|产检]]说我[[MEDICAL|妊娠期糖尿病]]，要控糖
[[MEDICAL|怀孕]]12周了 [[MEDICAL|NT]]检查约在下周三
我老公[[MEDICAL|痛风]]又犯了，[[MEDICAL|脚肿]]得鞋都穿不上
大夫 我这[[MEDICAL|湿疹]]反反复复，擦了[[MEDICAL|激素]]药膏好一阵又起
宝宝[[MEDICAL|手足口病]]，幼儿园说要隔离一周
我爸[[MEDICAL|脑梗]][[MEDICAL|住院]]了，左边手脚没力气
[[MEDICAL|体检报告]]出来了，[[MEDICAL|幽门螺杆菌]][[MEDICAL|阳性]]，医生让吃四联
[[MEDICAL|乳腺结节]]4a类 医生建议[[MEDICAL|穿刺]]
最近查出[[MEDICAL|乙肝]]小三阳，还能要孩子吗
她有[[MEDICAL|焦虑症]]，别刺激她
[[MEDICAL|胃镜]]做完了 [[MEDICAL|慢性胃炎]]伴糜烂
我这个[[MEDICAL|痔疮]]要不要割啊 坐着都疼
孩子[[MEDICAL|过敏性鼻炎]]，一到春天就打喷嚏
[[MEDICAL|HPV]]52[[MEDICAL|阳性]]，[[MEDICAL|TCT]]正常，要不要打疫苗
老人家[[MEDICAL|阿尔茨海默]]，晚上不认人了
我妈[[MEDICAL|腰椎间盘突出]]，现在在做理疗
[[MEDICAL|血压]]150/95，要不要吃[[MEDICAL|降压药]]
医生说我[[MEDICAL|尿酸高]]，不能吃海鲜喝啤酒
[[MEDICAL|甲减]]吃[[MEDICAL|优甲乐]]一片半，复查[[MEDICAL|TSH]]还是高
我试管移植第10天了，[[MEDICAL|hcg]]才120
病人家属：[[PERSON|马建国]]，住院号[[MEDICAL_RECORD_NO|{MRN}]]，明天几点探视
[[PERSON|王主任]]您好，我母亲的[[MEDICAL|CT]]结果出来了吗
群通知：[[PERSON|何秀英]]阿姨明天[[MEDICAL|化疗]]第三次，大家多关心
我有[[MEDICAL|哮喘]]，不能去那种灰大的地方
他[[MEDICAL|癫痫]]发作了，正在送医院
[[MEDICAL|心电图]]显示[[MEDICAL|早搏]]，要不要做[[MEDICAL|动态心电图]]
我妈[[MEDICAL|白内障]][[MEDICAL|手术]]做完了 恢复挺好
我[[MEDICAL|抽血]]查了，[[MEDICAL|转氨酶]]偏高
最近[[MEDICAL|掉头发]]特别厉害，一抓一大把
月经推迟了十几天，测了两道杠[[MEDICAL|怀孕]]了
我前年做过[[MEDICAL|人流]]，这次怕怀不上
老师，孩子有[[MEDICAL|多动症]]，上课坐不住，麻烦您多担待
孩子[[MEDICAL|近视]]300度了 配了角膜塑形镜
我[[MEDICAL|骨折]]打了石膏 下周拆
家教：[[PERSON|张老师]]，孩子叫[[PERSON|李梓萱]]，初二，数学要补
[[PERSON|王姐]]，你家孩子的家长会明天下午三点
我叫[[PERSON|郑雨桐]]，是3班[[PERSON|郑子轩]]的妈妈
@[[PERSON|罗思雨]] 你明天来接孩子吗
转账给[[PERSON|许文博]]了，您查收一下
联系人：[[PERSON|欧阳娜娜]] [[PHONE_NUMBER|{PHONE}]]
紧急联系人 妈妈 [[PERSON|韩桂英]] [[PHONE_NUMBER|{PHONE}]]
谢谢[[PERSON|刘医生]]，我妈现在好多了
[[PERSON|唐先生]]，您的快递在门卫室
快递员[[PERSON|冯师傅]]电话[[PHONE_NUMBER|{PHONE}]]
今天[[PERSON|小李]]没来上班，说是[[MEDICAL|感冒]]了
号码[[PHONE_NUMBER|{PHONE}]]，微信同号
有事打我电话 [[PHONE_NUMBER|{PHONE_DASH}]]
电话：[[PHONE_NUMBER|{PHONE_FW}]]
手机号码是[[PHONE_NUMBER|{PHONE_SP}]]哈
vx同手机号[[PHONE_NUMBER|{PHONE}]]
座机[[PHONE_NUMBER|0571-86123456]]，工作日找我
打这个[[PHONE_NUMBER|{PHONE}]]，我妈的号
📞[[PHONE_NUMBER|{PHONE}]]
tel: [[PHONE_NUMBER|+86 {PHONE_SP}]]
身份证号码：[[CN_ID_CARD|{ID_SP}]]
sfz [[CN_ID_CARD|{ID}]] 姓名[[PERSON|钱秀兰]] 帮我订明天的票
12306买票要用 [[CN_ID_CARD|{ID}]] [[PERSON|蒋勇]]
我身份证号[[CN_ID_CARD|{ID}]]，你帮我挂个号
身份证：[[CN_ID_CARD|{ID}]]\n姓名：[[PERSON|沈晓燕]]
孩子的身份证号是[[CN_ID_CARD|{ID}]]，报名用的
证件号 [[CN_ID_CARD|{ID}]]
卡号[[BANK_CARD|{CARD}]] 户名[[PERSON|曹志红]] 工行
退款到这张卡吧 [[BANK_CARD|{CARD_SP}]] 建行
银行卡：[[BANK_CARD|{CARD}]] 开户行：农行城东支行
打款账号[[BANK_CARD|{CARD}]]
工资卡[[BANK_CARD|{CARD}]]，麻烦财务核对
[[BANK_CARD|{CARD}]] 招行 [[PERSON|潘丽]]
邮箱[[EMAIL|{EMAIL}]]，简历发这里
发我邮箱吧 [[EMAIL|{EMAIL}]]
加我微信[[WECHAT_ID|{WX}]]，拉你进群
vx：[[WECHAT_ID|{WX}]]
加v [[WECHAT_ID|{WX}]] 备注医美
我QQ[[QQ_NUMBER|{QQ}]]
扣扣 [[QQ_NUMBER|{QQ}]] 加一下
车牌[[LICENSE_PLATE|{PLATE}]]，帮我登记下车位
我的车是[[LICENSE_PLATE|{PLATE}]]，挡住您了马上挪
护照号[[PASSPORT|{PASSPORT}]]，帮我订机票
我生日是[[BIRTH_DATE|1993年6月18日]]
出生日期：[[BIRTH_DATE|1987-11-02]]
宝宝是[[BIRTH_DATE|2019年3月5号]]出生的
我是[[BIRTH_DATE|95年8月12号]]生的
社保卡号[[SOCIAL_SECURITY|{SSN}]]
医保卡号：[[SOCIAL_SECURITY|{SSN}]]，我妈的
门诊号[[MEDICAL_RECORD_NO|{MRN}]] 帮我查下报告
[位置][[LOCATION|杭州市拱墅区丽水路66号]]
我在这儿 [[LOCATION|30.274085,120.155070]]
宝宝[[MEDICAL|黄疸]]值15，要照蓝光吗
我[[MEDICAL|肾结石]]疼了一晚上 现在在急诊
大姨[[MEDICAL|肺癌]]晚期了 医生说最多半年
他[[MEDICAL|精神分裂]]好多年了 一直吃药
[[MEDICAL|甲亢]]不能吃海带吧
我这周[[MEDICAL|拉肚子]]三次了 是不是吃坏了
[[MEDICAL|带状疱疹]]疼得睡不着
医生 我[[MEDICAL|宫颈糜烂]]要治吗
我在吃[[MEDICAL|二甲双胍]] 还能喝酒不
最近[[MEDICAL|胸闷]]气短 爬两层楼就喘
我[[MEDICAL|痛经]]疼到吐 每次都要请假
[[MEDICAL|子宫肌瘤]]4公分，医生让观察
我做了[[MEDICAL|核磁共振]]，[[MEDICAL|半月板损伤]]
查出来[[MEDICAL|脂肪肝]]中度
宝宝[[MEDICAL|湿疹]]，用的什么药膏好
我前两天[[MEDICAL|核酸]]阳了 在家隔离
她[[MEDICAL|产后抑郁]]挺严重的 你们多陪陪
嗓子[[MEDICAL|发炎]] 吃了[[MEDICAL|头孢]]
[[MEDICAL|血常规]][[MEDICAL|白细胞]]12.5，医生说有[[MEDICAL|炎症]]
我婆婆[[MEDICAL|帕金森]]，手一直抖
[[MEDICAL|空腹血糖]]6.9 [[MEDICAL|糖化血红蛋白]]7.2 算[[MEDICAL|糖尿病]]吗
我做了[[MEDICAL|胃镜]] [[MEDICAL|病理]]结果等一周
我[[MEDICAL|早泄]]能治好吗 不好意思问
老公查出[[MEDICAL|弱精]]，医生建议[[MEDICAL|试管]]
孩子[[MEDICAL|自闭症]]在做康复训练
最近[[MEDICAL|耳鸣]]厉害 嗡嗡的
客户[[PERSON|方女士]]要求退[[MEDICAL|皮秒]]的定金
[[PERSON|邓美玲]]下午来做[[MEDICAL|超声刀]]，帮她约下医生
术前检查：[[MEDICAL|血常规]]、[[MEDICAL|凝血]]、[[MEDICAL|心电图]]
小区群：[[ADDRESS|5栋2单元1101]]的业主，您的快递放错了
您好，[[ADDRESS|3号楼1单元202]]漏水到楼下了
[[ADDRESS|金沙江路1518弄3号]]，到了给我打电话
搬家到[[ADDRESS|昆明市盘龙区北京路1088号俊发城8栋]]了
我家[[ADDRESS|桐乡市濮院镇永越村四组]]，麻烦送上门
寄：[[ADDRESS|江西省赣州市于都县贡江镇长征大道66号]] [[PERSON|邱红梅]] [[PHONE_NUMBER|{PHONE}]]
[[PERSON|宋宇轩]]，[[PHONE_NUMBER|{PHONE}]]，[[ADDRESS|吉林省长春市朝阳区红旗街68号]]
小区地址[[ADDRESS|重庆市渝北区龙溪街道金龙路216号]]
我爸住院号[[MEDICAL_RECORD_NO|{MRN}]]，[[MEDICAL|心衰]]又住进来了
"""

NEGATIVE = """
订单号：{ORDER}，已发货，请注意查收
您的快递单号{TRACK}已由顺丰揽收
【中通快递】您的包裹已到达驿站，取件码8-3-2012
【12306】您已购买11月23日G1234次12车08F号，检票口B5
【建设银行】您尾号3821的账户11月22日10:32支出人民币268.00元，余额3,401.56元
【招商银行】您的信用卡本期账单金额2,318.40元，还款日12月05日
验证码：583921，5分钟内有效，请勿泄露
交易单号 {ORDERLUHN}
商户单号{ORDER}
【新店开业】热玛吉特惠体验价2980，水光针买一送一！
本店地址：万达广场3号门2楼，欢迎到店体验
门店地址：解放路88号（地铁2号站C出口）
医院地址：人民路299号门诊楼3楼
公司在科技园南区8栋，周一到周五上班
群号：123456789，欢迎家人们进群
直播间福利：第二件半价，9.9包邮，拍下备注主播名字
今天直播间玻尿酸原液精华买一送一，不是打的那种哈
这款面霜专为敏感肌，温和不刺激
新品上架 女士手表 时尚百搭
美女们 今晚八点直播 不见不散
家人们 点点关注 不迷路
谢谢老师，辛苦了
老师好，孩子今天作业写完了
好的老板，明天发货
收到，谢谢亲
哈哈哈哈笑死我了
这个剧太好看了 我都看哭了
今天天气不错 出去走走
我快被老板气出病了哈哈
你是不是有病啊 这都不懂
感冒冲剂广告做得真好笑
我对这个不感冒
他是个发烧友 音响都好几万
这个项目风险高，慎重
这波操作真是中二病
我拖延症又犯了 作业还没写
密集恐惧症别点开
这首歌太上头了
这个价格太感人了
我快饿死了 中午吃啥
明天早上八点半地铁2号线集合
排到12号了，前面还有5个人
3号线换乘10号线，在虹桥站下
88号技师手法很好
二楼3号包间，6个人
预约3月10日下午两点
会议定在2024-01-15 14:00
2023年营收增长15%
您的会员将于2025年12月31日到期
版本号2.3.15已发布
价格39.90，库存116件
房价每平米38000，首付三成
今年高考成绩585分
年会抽奖号码 088，中了三等奖
工号10086，有问题找我
客服热线400-820-8820
投诉电话12315
报警110，急救120
全国统一服务电话95588
这款手机型号是SM-G9980
商品编号100023456789
发票号码04389217
合同编号HT2024110501
批号20241103，有效期至2026年
序列号C02XK1ZJJG5H
我明天去医院看看我奶奶
检查一下作业有没有写完
恢复出厂设置试试
这个病毒软件会偷数据
朋友圈那个广告你看了吗
我感觉这次考试要凉
你这个人真是没心没肺
他笑得肚子都疼了
我头都大了 这么多事
心疼你 加班到这么晚
小区门口新开了一家奶茶店
朝阳区今天限行尾号3和8
我在杭州出差 下周回
北京今天大风 注意安全
我们学校在海淀区
幸福路那边堵车了
李宁的鞋子打折
王者荣耀上分了
周杰伦演唱会抢到票了
马云说的那句话你听过吗
林俊杰新歌好听
张家界旅游攻略
黄山风景区门票多少钱
高铁站接人
白云机场T2出发
中山公园见
文化路小学放学了
光明乳业今天涨停
平安银行的理财收益一般
向日葵开得真好
金山办公软件要续费了
安全第一，开车注意
明天全体员工大扫除
和平精英今晚开黑吗
常熟的朋友有没有
成都的火锅真好吃
于是我就走了
江苏卫视的节目
以上内容仅供参考
祝大家中秋快乐
各位家长晚上好，明天学校组织体检，请孩子吃早饭
各位业主，本周六上午9点小区停水，请提前储水
通知：明天下午3点开家长会，请准时参加
请大家注意防范电信诈骗，不要透露验证码
转发：关于做好冬季流感防控工作的通知
医院发布：春节期间门诊时间调整为上午8点到12点
本周疫苗接种安排：周二周四上午
科普：高血压患者应少吃盐（转自健康时报）
医生在线义诊，欢迎咨询
健身房年卡3888元 私教课买十送二
这件衣服显瘦 腰身收得好
这口红颜色太显白了
面膜敷完皮肤水水的
今天跑了5公里 腿有点酸爽
我家猫今天打疫苗了
狗狗驱虫药买哪个牌子
这盆绿萝叶子发黄了
手机屏幕碎了 去修一下
电脑中病毒了
车子保养花了800
物业费一年2400
房租下个月涨200
押金退还到原账户，3-5个工作日
退款已原路返回，请注意查收
您的订单已签收，感谢您的支持
评价晒图返现5元
亲，七天无理由退换哦
快递小哥说明天上午送到
货已经到转运仓了
海关清关中 预计下周到
下单备注颜色尺码
拍的时候选中号
这个尺码偏小 建议拍大一码
主播身高165 体重100 穿S码
日本代购 资生堂 兰蔻 雅诗兰黛
韩国直邮 三天到
香港代购的奶粉
我们医美机构有正规资质，欢迎咨询
整形医院招聘护士，五险一金
全场项目8折，限时三天
明天约了做头发 烫个卷
我去做个美甲
今天去做了个按摩 舒服
健身教练说我体脂率25
体重120斤 想减到110
我最近胖了五斤
今天吃了两碗饭
喝了三杯咖啡 睡不着了
熬夜追剧 黑眼圈出来了
明天考试 紧张死了
压力好大 想辞职
心情不好 出去散散心
你笑起来真好看
谢谢大家的祝福
生日快乐🎂🎂
今天是我们结婚十周年
周末去爬山吗
下雨了 记得带伞
孩子期末考了95分
数学作业第三题不会
英语单词背了50个
钢琴考级过了
下周一开学
寒假作业发群里了
1月15日放假
2月17日开学报到
10月1日到7日放假调休
开会时间改为周四
项目进度报告已经发邮件了
今天加班到九点
年终奖发了吗
这个月工资还没到账
公积金提取要什么材料
社保缴费基数调整为5000元
医保报销比例是多少
下载个人所得税APP
电费交了吗
燃气费缴费通知
充值话费100元成功
流量包已到期
宽带续费提醒
您已成功预约XX银行网点服务
理财产品到期收益已到账
快递柜取件码 2588
外卖到了放门口就行
骑手已取餐 预计12:30送达
您点的奶茶已制作完成
电影票 7号厅 5排8座
高铁G7305 二等座 05车12A
航班CA1501 延误一小时
酒店订好了 大床房两晚
门票二维码已发送
导航到万达广场
附近有没有好吃的
这家店排队两小时
你们那边下雪了吗
春节回老家吗
我爸妈身体都挺好的
奶奶今天八十大寿 全家聚餐
爷爷说要去钓鱼
外婆包的饺子最好吃
二叔家孩子考上大学了
表姐下个月结婚
大家早上好 新的一周加油
转发到朋友圈 集赞送礼品
扫码领红包
点击链接领取优惠券
恭喜您获得抽奖资格
系统消息：对方已添加你为好友
以上是打招呼的内容
[图片]
[语音] 12"
[表情]
[视频通话] 通话时长 05:32
[红包] 恭喜发财，大吉大利
[转账] 200.00元
撤回了一条消息
拍了拍我
"""

# Part B: written after the first round of fixes, before running the recognizers on it, to see
# whether those fixes generalise (ids pb.../hb...).
POSITIVE_B = """
我是[[PERSON|王芳]]，上周约了[[MEDICAL|水光针]]的
[[PERSON|李强]]你好，明天来店里吗
跟[[PERSON|陈静]]说一下，她的[[MEDICAL|体检报告]]到了
帮我问问[[PERSON|赵丽娟]]，她家孩子[[MEDICAL|发烧]]好点没
[[PERSON|孙主任]]说下周一[[MEDICAL|复查]]
今天[[PERSON|林护士]]给我扎了三针才扎进去
你好[[PERSON|周律师]]，合同我看了
[[PERSON|欧阳锋]]：收到，马上处理
这是我老公的身份证 [[CN_ID_CARD|{ID}]]
身份证号 [[CN_ID_CARD|{ID_SP}]] 手机[[PHONE_NUMBER|{PHONE_DASH}]]
电话号码：[[PHONE_NUMBER|{PHONE_SP}]]（微信同号）
有问题联系我 [[PHONE_NUMBER|{PHONE}]]
我的手机[[PHONE_NUMBER|{PHONE_FW}]]
座机号[[PHONE_NUMBER|(021)52345678]]
[[PERSON|高志强]] [[BANK_CARD|{CARD_SP}]] 中国银行
退款账户：[[BANK_CARD|{CARD}]]（建设银行 [[PERSON|胡晓燕]]）
大姨妈推迟了，[[MEDICAL|验孕]]棒一深一浅
我[[MEDICAL|月经不调]]好几个月了，中医说是[[MEDICAL|宫寒]]
昨晚在急诊[[MEDICAL|输液]]到两点
医生开了[[MEDICAL|阿莫西林]]和[[MEDICAL|布洛芬]]，一天三次
我在吃[[MEDICAL|安眠药]]，不然整夜睡不着
我最近[[MEDICAL|抑郁]]得厉害，不想出门
老人家[[MEDICAL|心梗]]放了两个[[MEDICAL|支架]]
孩子[[MEDICAL|咳嗽]]一周了，[[MEDICAL|肺炎支原体]][[MEDICAL|阳性]]
[[MEDICAL|糖化血红蛋白]]8.1，医生让加[[MEDICAL|胰岛素]]
我得了[[MEDICAL|带状疱疹]]，腰上一圈
去做了[[MEDICAL|四维彩超]]，宝宝很健康
[[MEDICAL|唐筛]]高风险，要做[[MEDICAL|无创DNA]]
我有[[MEDICAL|乙肝]]，能献血吗
他[[MEDICAL|尿毒症]]每周[[MEDICAL|透析]]三次
医生说我[[MEDICAL|颈椎病]]，让少低头
我[[MEDICAL|牙疼]]得半边脸都肿了
[[MEDICAL|肠镜]]查出两个[[MEDICAL|息肉]]，切了
我妈[[MEDICAL|骨质疏松]]，摔了一跤[[MEDICAL|骨折]]了
姐妹 我[[MEDICAL|割双眼皮]]一个月了还肿
[[MEDICAL|玻尿酸]]打了会不会[[MEDICAL|栓塞]]啊
医美顾问：您的[[MEDICAL|超皮秒]]疗程第二次约在周五
打了[[MEDICAL|肉毒素]]瘦[[MEDICAL|咬肌]]，[[MEDICAL|咬肌]]变小了
[[MEDICAL|脱发]]严重，想去[[MEDICAL|植发]]
想做[[MEDICAL|鼻综合]]，预算三万
[[MEDICAL|吸脂]]后皮肤凹凸不平怎么办
地址：[[ADDRESS|广东省广州市天河区天河北路233号中信广场4501]]
快递寄到[[ADDRESS|北京市海淀区中关村大街27号中关村大厦1008室]]
[[ADDRESS|湖北省武汉市洪山区珞喻路1037号]] [[PERSON|杨佳琪]] [[PHONE_NUMBER|{PHONE}]]
我住[[ADDRESS|翠湖小区7栋]]，到了打电话
家住[[ADDRESS|石家庄市长安区建设北大街9号]]
收货地址 [[ADDRESS|陕西省西安市雁塔区小寨东路126号百隆广场B座1206]]
我们家在[[ADDRESS|云南省大理市下关镇龙山村5组]]
[[ADDRESS|浦东新区世纪大道1001号]] 前台代收
寄给我爸，[[ADDRESS|黑龙江省哈尔滨市南岗区西大直街92号]]，[[PERSON|于海涛]] [[PHONE_NUMBER|{PHONE}]]
新家在[[ADDRESS|万科城3期12栋2单元1801]]，欢迎来玩
邮箱：[[EMAIL|{EMAIL}]]
我的微信号是[[WECHAT_ID|{WX}]]
QQ号：[[QQ_NUMBER|{QQ}]]
出生年月：[[BIRTH_DATE|1988年7月]]
生日[[BIRTH_DATE|10月3号]]，农历
车牌号[[LICENSE_PLATE|{PLATE}]]，物业登记
住院号：[[MEDICAL_RECORD_NO|{MRN}]]，[[PERSON|谢玉兰]]，[[MEDICAL|胆结石]]术后第二天
谢谢[[PERSON|王总]]的支持
"""

NEGATIVE_B = """
王者荣耀今晚五排
李宁新款跑鞋到货
张艺谋的新电影上映了
周末去爬黄山
我是高中生
我是新来的
我是说真的
我是搞销售的
跟你说个事
帮我问问价格
陈列柜摆好了
高速堵车了
林子大了什么鸟都有
马上到
黄金周去哪玩
高考加油
金秋十月
文明城市创建
这个问题很严重
我心里很难受 被老板骂了
这个方案有硬伤
他太毒舌了
这部剧看得我头疼
价格让我肉疼
这个bug要动手术了，改动太大
股市大出血
家里网络瘫痪了
系统崩溃了 在修复
代码有病毒
血拼双十一
今天去献血了 光荣
健身房器械区
口腔溃疡贴新品上市 买二送一
护肤品成分党 玻尿酸精华 补水
防晒霜SPF50 PA+++
维生素C泡腾片
蛋白粉 增肌
减肥茶 刮油
瑜伽课 每周三次
订单尾号5678已发货
快递员电话在单子上
收件码 6-3-1023
物流单号 YT7514890321012
车次G1234 08车 15F
银行卡尾号8832 消费128元
账单日每月5号 还款日每月23号
转账 5000.00 已到账
发票抬头：杭州某某科技有限公司
公司地址：滨江区网商路699号
门店地址：南京西路1266号恒隆广场3楼
欢迎到店：文三路478号华星时代广场A座
样板间在5号楼1单元
小区3栋电梯维修 暂停使用
12栋停电通知
2单元楼道请勿堆放杂物
第3期课程报名开始
分12期免息
排队叫号 A023
VIP3会员
房间号 1208 已退房
会议室 3楼 301
"""

# Part C: written after all fixes and never tuned on (ids ppc/phc): the held-out estimate.
POSITIVE_C = """
亲，下单时收件人写[[PERSON|蒋晓红]]，手机号[[PHONE_NUMBER|{PHONE}]]
[[PERSON|董建华]] [[PHONE_NUMBER|{PHONE}]] [[ADDRESS|辽宁省大连市甘井子区红旗西路55号3单元601]]
您好[[PERSON|严女士]]，您在我院的[[MEDICAL|胃镜]]检查约在周四上午
家长群：[[PERSON|韩梓涵]]妈妈，孩子今天[[MEDICAL|发烧]]请假一天
老师好，我是[[PERSON|曹宇]]的爸爸，他[[MEDICAL|拉肚子]]今天不去了
[[PERSON|薛医生]]，我那个[[MEDICAL|甲状腺结节]][[MEDICAL|穿刺]]结果是良性的
宝妈们，我家宝宝[[MEDICAL|湿疹]]好几个月了，用了[[MEDICAL|地塞米松]]乳膏
我婆婆[[MEDICAL|糖尿病]]二十年了，现在[[MEDICAL|眼底出血]]
最近[[MEDICAL|头晕]]、[[MEDICAL|恶心]]，量了[[MEDICAL|血压]]160/100
姐 我打完[[MEDICAL|热玛吉]]脸上起了好多小红点
[[MEDICAL|双眼皮]]拆线后眼睛还是[[MEDICAL|肿]]
医生让我做个[[MEDICAL|B超]]看看[[MEDICAL|胆囊息肉]]大小
今天去医院，诊断[[MEDICAL|急性肠胃炎]]，打了两天[[MEDICAL|吊瓶]]
我从小有[[MEDICAL|先天性心脏病]]，做过[[MEDICAL|手术]]
我[[MEDICAL|焦虑]]到[[MEDICAL|失眠]]，医生开了[[MEDICAL|草酸艾司西酞普兰]]
她[[MEDICAL|怀孕]]七个月了，[[MEDICAL|妊娠高血压]][[MEDICAL|住院]]观察
[[MEDICAL|核磁]]显示[[MEDICAL|腰椎间盘突出]]压迫神经
我有[[MEDICAL|青霉素过敏]]，打针前跟护士说
收件人：[[PERSON|田秀兰]]\n[[ADDRESS|江苏省苏州市吴中区木渎镇金山路100号]]\n[[PHONE_NUMBER|{PHONE}]]
快递放[[ADDRESS|和平区南京路88号]]门卫
房东您好，我是[[ADDRESS|丽都花园8幢402]]的租客
寄到[[ADDRESS|贵州省遵义市红花岗区老城街道凤凰路16号]] 谢谢老板
[[ADDRESS|宁波市鄞州区首南街道天童南路588号宁波文化广场B座11楼]]，到前台找我
我家住[[ADDRESS|南昌县莲塘镇澄湖村委会下罗村12号]]
身份证[[CN_ID_CARD|{ID}]]，持卡人[[PERSON|袁志刚]]，卡号[[BANK_CARD|{CARD}]]
转账给[[PERSON|范丽萍]] 卡号[[BANK_CARD|{CARD_SP}]]
手机：[[PHONE_NUMBER|{PHONE_SP}]] 联系人：[[PERSON|石磊]]
电话[[PHONE_NUMBER|{PHONE_DASH}]]找[[PERSON|许经理]]
加我v：[[WECHAT_ID|{WX}]]，发你价目表
生日：[[BIRTH_DATE|1990.05.21]]
[[PERSON|龙梅]]你好，你的[[MEDICAL|体检报告]]显示[[MEDICAL|血脂高]]
"""

NEGATIVE_C = """
本群禁止发广告，违者踢出
下周三下午两点开会，请准时参加
活动时间：11月11日0点到24点
满300减50，叠加店铺券
直播间抽奖，截图为准
这双鞋37码偏大
快递已放丰巢柜，取件码12345678
您尾号1234的信用卡消费299元
【美团】您的外卖已送达
【滴滴】司机已到达上车点
电梯维修通知：3号楼电梯周六停运
明天高温预警 注意防暑
新闻说台风要来了
这个价格我要考虑一下
谢谢亲的好评
你是我的小可爱
哈哈 你太逗了
我饿得头晕眼花 快点外卖
这题难得我头都大了
这个颜色太扎眼了
气死我了 又迟到
我要减肥 晚上不吃了
这牛排五分熟
空调温度调到26度
手机电量只剩5%
路由器重启一下
WiFi密码是88888888
快递小哥很负责
请问到哪一步了
医院的停车场满了
疫苗预约小程序打不开
口腔医院周末上班吗
中医馆新开张 推拿八折
药店打折 维生素买一送一
"""


def fill(template: str, rng: random.Random) -> str:
    def phone_sp() -> str:
        p = synth.mobile(rng)
        return f"{p[:3]} {p[3:7]} {p[7:]}"

    def full_width(s: str) -> str:
        return s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    def order() -> str:
        return "".join(rng.choice("0123456789") for _ in range(19))

    def order_luhn() -> str:  # looks like a card number to Luhn but has no issuer prefix
        from stdnum import luhn
        body = "9" + "".join(rng.choice("0123456789") for _ in range(16))
        return body + luhn.calc_check_digit(body)

    def card_sp() -> str:
        c = synth.bank_card(rng, length=16)
        return " ".join(c[i:i + 4] for i in range(0, 16, 4))

    def id_sp() -> str:
        i = synth.id_number(rng)
        return f"{i[:6]} {i[6:14]} {i[14:]}"

    fillers = {
        "ID_SP": id_sp, "ID": lambda: synth.id_number(rng),
        "PHONE_SP": phone_sp, "PHONE_DASH": lambda: (lambda p: f"{p[:3]}-{p[3:7]}-{p[7:]}")(synth.mobile(rng)),
        "PHONE_FW": lambda: full_width(synth.mobile(rng)), "PHONE": lambda: synth.mobile(rng),
        "CARD_SP": card_sp, "CARD": lambda: synth.bank_card(rng),
        "EMAIL": lambda: synth.email(rng), "WX": lambda: synth.wechat_id(rng), "QQ": lambda: synth.qq_number(rng),
        "PLATE": lambda: synth.licence_plate(rng), "PASSPORT": lambda: synth.passport(rng),
        "SSN": lambda: "".join(rng.choice("0123456789") for _ in range(9)),
        "MRN": lambda: "ZY" + "".join(rng.choice("0123456789") for _ in range(8)),
        "ORDERLUHN": order_luhn, "ORDER": order,
        "TRACK": lambda: "SF" + "".join(rng.choice("0123456789") for _ in range(13)),
    }
    return re.sub(r"\{([A-Z_]+)\}", lambda m: fillers[m.group(1)](), template)


MARK = re.compile(r"\[\[([A-Z_]+)\|(.*?)\]\]")


def parse(line: str) -> tuple[str, list[list]]:
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        text += line[pos:m.start()]
        spans.append([len(text), len(text) + len(m.group(2)), m.group(1)])
        text += m.group(2)
        pos = m.end()
    return text + line[pos:], spans


def main() -> None:
    rng = random.Random(20261122)
    out = []
    for part, kind, block in (("", "positive", POSITIVE), ("", "hard_negative", NEGATIVE),
                              ("b", "positive", POSITIVE_B), ("b", "hard_negative", NEGATIVE_B),
                              ("c", "positive", POSITIVE_C), ("c", "hard_negative", NEGATIVE_C)):
        for n, line in enumerate(block.strip().splitlines()):
            text, spans = parse(fill(line.replace("\\n", "\n"), rng))
            out.append({"id": f"p{kind[0]}{part}{n:03d}", "kind": kind, "text": text, "spans": spans})
    with open(HERE / "chats.jsonl", "w", encoding="utf-8") as f:
        for record in out:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(out)} messages ({sum(r['kind'] == 'positive' for r in out)} positive)")


if __name__ == "__main__":
    main()
