"""Regenerate tests/fixtures/real_writers/: exports written by the exporters' own writer code.

The writer modules are read at generation time from the bare git mirrors that the project's `fetch`
tool makes (never copied into this repository) and run as they are, on synthetic database rows, with
their GUI / database / media dependencies stubbed:

| output folder | upstream | commit | module : function |
|---|---|---|---|
| memotrace2/ | LC044/WeChatMsg | 9d599199fe81120db5f693fb9c896b81b0e6c988 | app/util/exporter/exporter_csv.py : CSVExporter.to_csv; exporter_txt.py : TxtExporter.export; exporter_ai_txt.py : AiTxtExporter.export; exporter_html.py : HtmlExporter.export (+ app/resources/data/template.html); exporter_docx.py : DocxExporter.export; output.py : Output.contact_to_csv; app/person.py : Contact, Me |
| memotrace3/ | LC044/WeChatMsg 3.0 history (fork zprolab/WeChatMsg) | 02bc75b47351e43478e32eedde69f1e12e49b63c | exporter/exporter_csv.py : CSVExporter.export; exporter_txt.py : TxtExporter.export; exporter_ai_txt.py : AiTxtExporter.export; exporter_html.py : HtmlExporter.export (+ exporter/resources/template.html); exporter_markdown.py : MarkdownExporter.export; exporter_docx.py : DocxExporter.export; exporter.py : ContactExporter.run, GroupContactExporter.run; wxManager/model/message.py, contact.py : the message and contact classes |
| chatlog/ | sjzar/chatlog (Go, ported line by line) | a638aa9c20350cb8f55910584583e4c8112ca3b9 | internal/model/message.go : Message.PlainText, PlainTextContent (text), Message.CSV; internal/chatlog/http/route.go : handleChatlog (text / csv / json), handleContacts (text); internal/wechatdb/repository/message.go : enrichMessage (names); pkg/util/time.go : PerfectTimeFormat |
| telegram/ | telegramdesktop/tdesktop (C++, ported line by line) | 35f5d5a7e787c4859cee1d4332880eb59d5b5ef8 | Telegram/SourceFiles/export/output/export_output_json.cpp : SerializeString, SerializeObject, SerializeArray, SerializeText, SerializeMessage (text messages, shared contacts), JsonWriter::start, writePersonal, writeSavedContacts, writeFrequentContacts, writeDialogStart / Slice / End, writeChatsStart / End, finish (FormatPhoneNumber approximated as `+CC` and digit groups) |
| weflow/, echotrace/ | hicccc77/WeFlow, ycccccccy/echotrace (TypeScript / Dart, ported line by line) | see tools/real_writers_weflow.py | per file, in that module's docstring |
| wechatexporter/ | BlueMatthew/WechatExporter (C++, ported line by line; its templates read from the mirror) | 8f8ce412fc57c4c792cb519e9d1fb980e0f58cfd | per file, in tools/real_writers_wechatexporter.py |
| pywxdump/ | xaoyaoo/PyWxDump | 82bf28e59184188586fc03cd2cb0c87480ac569d | pywxdump/api/export/exportCSV.py : export_csv; exportJSON.py : export_json |

Every value is synthetic (tests/synth.py with a fixed seed). Usage:

    python tools/make_real_writer_fixtures.py [--mirror /work/.mirror] [--out tests/fixtures/real_writers] \\
        [--only weflow,echotrace,wechatexporter]

The planted values and the person each belongs to are written beside the exports to `expected.json`,
which tests/test_real_writers.py checks the scan against.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import types
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.synth import bank_card, id_number, mobile  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_writers_wechatexporter  # noqa: E402 - WechatExporter (C++) port
import real_writers_weflow  # noqa: E402 - WeFlow (TypeScript) and EchoTrace (Dart) ports

MEMOTRACE = ("LC044+WeChatMsg", "9d599199fe81120db5f693fb9c896b81b0e6c988")
MEMOTRACE3 = ("zprolab+WeChatMsg", "02bc75b47351e43478e32eedde69f1e12e49b63c")
PYWXDUMP = ("xaoyaoo+PyWxDump", "82bf28e59184188586fc03cd2cb0c87480ac569d")


def git_show(mirror: Path, repo: tuple[str, str], path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(mirror / repo[0] / "repo"), "show", f"{repo[1]}:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8")


def module(name: str, **attrs) -> types.ModuleType:
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    mod.__path__ = []  # every stub can be a package
    sys.modules[name] = mod
    return mod


def load(name: str, source: str, origin: str) -> types.ModuleType:
    mod = types.ModuleType(name)
    mod.__file__ = origin
    sys.modules[name] = mod
    exec(compile(source, origin, "exec"), mod.__dict__)  # noqa: S102 - the upstream writer, run as it is
    return mod


def png(seed: str = "") -> bytes:
    """A 1x1 PNG, its colour from `seed` (each person's avatar differs, as real ones do)."""
    rgb = zlib.crc32(seed.encode("utf-8")).to_bytes(4, "big")[:3] if seed else b"\xff\xff\xff"
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" + rgb)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------------------------------
# The account: an owner and three customers, one of them in a group with a fourth person.
RNG = random.Random(20261129)
PLANTED = {
    "wang_phone": mobile(RNG), "wang_card_phone": mobile(RNG), "wang_id": id_number(RNG),
    "li_phone": mobile(RNG), "li_bank": bank_card(RNG), "zhang_phone": mobile(RNG), "zhang_id": id_number(RNG),
    "shop_phone": mobile(RNG), "zhao_phone": mobile(RNG),
}
OWNER = {"wxid": "wxid_owner7001", "name": "小美医美顾问"}
CUSTOMERS = [  # UserName, Alias, Remark (raw), NickName, telephone on the contact card
    {"UserName": "wxid_test_wang01", "Alias": "jianguo_2024", "Remark": "王建国 江阴装修", "NickName": "建国",
     "telephone": PLANTED["wang_card_phone"]},
    {"UserName": "wxid_test_li0002", "Alias": "", "Remark": "李娜 水光针 老客户", "NickName": "Lina",
     "telephone": ""},
    {"UserName": "wxid_test_zhang3", "Alias": "", "Remark": "", "NickName": "张伟", "telephone": ""},
]
GROUP = {"UserName": "20261129001@chatroom", "Alias": "", "Remark": "装修交流群", "NickName": "装修交流群",
         "telephone": ""}
GROUP_GUEST = {"UserName": "wxid_test_zhao04", "Alias": "", "Remark": "", "NickName": "赵磊", "telephone": ""}
P = PLANTED
CHATS = {  # contact -> [(is_send, text)]; a multi-line message keeps its lines
    "wxid_test_wang01": [
        (0, f"你好，我是王建国，电话{P['wang_phone']}"),
        (1, f"好的王先生，店里电话{P['shop_phone']}，周末也营业"),
        (0, f"登记一下\n身份证：{P['wang_id']}\n家里地址:江苏省无锡市江阴市澄江街道人民东路88号"),
    ],
    "wxid_test_li0002": [
        (0, f"我换号了，新号码{P['li_phone']}"),
        (1, f"收到，店里电话{P['shop_phone']}，有活动通知你"),
        (0, f"定金转你了，卡号{P['li_bank']}"),
    ],
    "wxid_test_zhang3": [
        (1, "张先生您好"),
        (0, f"身份证号{P['zhang_id']}，手机{P['zhang_phone']}"),
    ],
    "20261129001@chatroom": [
        ("wxid_test_wang01", "大家好"),
        ("wxid_test_zhao04", f"有需要的打我电话{P['zhao_phone']}"),
        ("wxid_test_zhang3", "好的"),
        (1, "欢迎新朋友"),
    ],
}
# people per export: the three customers and, in the group only, 赵磊; Telegram: two contacts
EXPECTED_PEOPLE = {"memotrace2": 4, "memotrace3": 4, "chatlog": 4, "pywxdump": 4, "telegram": 2, "weflow": 4,
                   "echotrace": 4, "wechatexporter": 4}


def _rows(contact_wxid: str, contacts: dict) -> list[tuple]:
    """Rows as msg_db.get_messages returns them (13 columns; a chatroom row carries its sender at [13])."""
    rows = []
    for n, (who, text) in enumerate(CHATS[contact_wxid]):
        is_send = 1 if who == 1 else 0
        ts = 1717200000 + n * 600
        import time as _time
        row = [n + 1, 7, 1, 0, is_send, ts, 2, text, _time.strftime("%Y-%m-%d %H:%M:%S", _time.gmtime(ts)),
               7310000000000000000 + n, b"", b"", ""]
        if contact_wxid.endswith("@chatroom"):
            row.append(contacts["me"] if is_send else contacts[who])
        rows.append(tuple(row))
    return rows


# ---------------------------------------------------------------------------------------------------
def memotrace2(mirror: Path, out: Path) -> None:
    avatar = Path(os.getcwd()).parent / "avatar.png"  # written by main()

    class Signal:
        def __init__(self, *args):
            pass

        def emit(self, *args):
            pass

    class QThread:
        def __init__(self, parent=None):
            pass

        def requestInterruption(self):
            pass

    class QPixmap:
        def __init__(self, *args):
            pass

        def save(self, path):
            Path(path).write_bytes(png(Path(path).name))

        def load(self, *args):
            pass

    module("PyQt5")
    module("PyQt5.QtCore", pyqtSignal=Signal, QThread=QThread)
    module("PyQt5.QtGui", QPixmap=QPixmap)
    module("PyQt5.QtWidgets", QFileDialog=types.SimpleNamespace(
        getSaveFileName=lambda *a: (str(Path(os.getcwd()) / "contacts.csv"), "")))
    module("app")
    module("app.config", OUTPUT_DIR="data", INFO_FILE_PATH="info.json")
    module("app.ui")
    module("app.ui.Icon", Icon=types.SimpleNamespace(Default_avatar_path=str(avatar)))
    module("app.log", logger=logging.getLogger("memotrace"))
    module("app.util")
    module("app.util.path")
    module("app.util.compress_content", parser_reply=lambda c: {}, share_card=lambda *a: {},
           music_share=lambda c: {}, file=lambda *a: {}, transfer_decompress=lambda *a: {},
           call_decompress=lambda *a: {})
    module("app.util.image", get_image_abs_path=lambda *a, **k: "", get_image_path=lambda *a, **k: "",
           get_image=lambda *a, **k: "")
    module("app.util.music", get_music_path=lambda *a, **k: "")
    module("app.util.emoji", get_emoji_url=lambda *a, **k: "")
    module("docxcompose")
    module("docxcompose.composer", Composer=object)
    person = load("app.person", git_show(mirror, MEMOTRACE, "app/person.py"), "app/person.py")
    me = person.Me()
    me.wxid, me.name, me.nickName, me.remark, me.avatar_path = (OWNER["wxid"], OWNER["name"], OWNER["name"],
                                                                OWNER["name"], str(avatar))
    contacts = {"me": me}
    for info in [*CUSTOMERS, GROUP, GROUP_GUEST]:
        c = person.Contact({**info, "smallHeadImgUrl": "https://wx.qlogo.cn/mmhead/FAKE/132", "detail": {}})
        c.avatar_path = str(avatar)
        contacts[info["UserName"]] = c

    def get_messages(wxid, time_range=None):
        return _rows(wxid, contacts)

    def group_by_day(wxid, time_range=None):
        days: dict[str, list] = {}
        for row in _rows(wxid, contacts):
            days.setdefault(row[8][:10], []).append(row)
        return days

    def get_contact():  # MicroMsg rows: UserName, Alias, Type, Remark, NickName, PYInitial, RemarkPYInitial,
        rows = []       # smallHeadImgUrl, bigHeadImgUrl, ExtraBuf, LabelName
        for info in CUSTOMERS:
            rows.append((info["UserName"], info["Alias"], 3, info["Remark"], info["NickName"], "XX", "XX",
                         "https://wx.qlogo.cn/mmhead/FAKE/132", "https://wx.qlogo.cn/mmhead/FAKE/0",
                         {"gender": 1, "telephone": info["telephone"], "signature": "", "region": ("CN", "", "")},
                         "客户"))
        return rows

    module("app.DataBase", msg_db=types.SimpleNamespace(get_messages=get_messages,
                                                       get_messages_group_by_day=group_by_day),
           hard_link_db=types.SimpleNamespace(), media_msg_db=types.SimpleNamespace(),
           micro_msg_db=types.SimpleNamespace(get_contact=get_contact))
    module("app.DataBase.hard_link", decodeExtraBuf=lambda extra: extra)
    module("app.DataBase.package_msg", PackageMsg=object)
    base = "app/util/exporter/"
    load("app.util.exporter.exporter", git_show(mirror, MEMOTRACE, base + "exporter.py"), base + "exporter.py")
    writers = {name: load(f"app.util.exporter.{name}", git_show(mirror, MEMOTRACE, f"{base}{name}.py"),
                          f"{base}{name}.py")
               for name in ("exporter_csv", "exporter_txt", "exporter_ai_txt", "exporter_html", "exporter_docx")}
    module("app.util.exporter.exporter_json", JsonExporter=object)
    output = load("app.util.exporter.output", git_show(mirror, MEMOTRACE, base + "output.py"), base + "output.py")
    template = Path("app/resources/data/template.html")
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text(git_show(mirror, MEMOTRACE, "app/resources/data/template.html"), encoding="utf-8")
    types_all = {1: True, 3: True, 34: True, 43: True, 47: True, 10000: True}
    for wxid in CHATS:
        contact = contacts[wxid]
        writers["exporter_csv"].CSVExporter(contact, type_=0, message_types=types_all).run()
        writers["exporter_txt"].TxtExporter(contact, type_=5, message_types=types_all).export()
        writers["exporter_ai_txt"].AiTxtExporter(contact, type_=7, message_types=types_all).export()
        writers["exporter_html"].HtmlExporter(contact, type_=2, message_types=types_all).export()
        writers["exporter_docx"].DocxExporter(contact, type_=1, message_types=types_all).export()
    output.Output(None, type_=4).contact_to_csv()
    shutil.rmtree("app")
    for folder in Path("data").rglob("*"):
        if folder.is_dir() and folder.name in ("image", "emoji", "video", "voice", "file", "avatar", "music", "icon"):
            shutil.rmtree(folder)
    shutil.move("data", out / "data")
    shutil.move("contacts.csv", out / "contacts.csv")


def memotrace3(mirror: Path, out: Path) -> None:
    """MemoTrace 3.0: the wxManager message classes and the exporter package, run on a stub database."""
    for name in list(sys.modules):
        if name == "exporter" or name.startswith(("exporter.", "wxManager")):
            del sys.modules[name]
    module("pysilk")
    model_dir = "wxManager/model/"
    module("wxManager.log", logger=logging.getLogger("memotrace3"))
    module("wxManager.decrypt")
    module("wxManager.decrypt.decrypt_dat", decode_dat=lambda *a, **k: "",
           batch_decode_image_multiprocessing=lambda *a, **k: None)
    message = load("wxManager.model.message", git_show(mirror, MEMOTRACE3, model_dir + "message.py"),
                   model_dir + "message.py")
    contact_mod = load("wxManager.model.contact", git_show(mirror, MEMOTRACE3, model_dir + "contact.py"),
                       model_dir + "contact.py")
    names = {n: getattr(message, n) for n in dir(message) if not n.startswith("_")}
    names.update({n: getattr(contact_mod, n) for n in ("Person", "Contact", "Me")})
    module("wxManager.model", **names)
    module("wxManager", **names, DataBaseInterface=object)
    exporter_dir = Path(os.getcwd()) / "exporter"
    (exporter_dir / "resources" / "emoji").mkdir(parents=True)
    (exporter_dir / "resources" / "template.html").write_text(
        git_show(mirror, MEMOTRACE3, "exporter/resources/template.html"), encoding="utf-8")
    (exporter_dir / "resources" / "default_avatar.png").write_bytes(png("default"))
    module("exporter")
    load("exporter.config", git_show(mirror, MEMOTRACE3, "exporter/config.py"), "exporter/config.py")
    base = load("exporter.exporter", git_show(mirror, MEMOTRACE3, "exporter/exporter.py"), "exporter/exporter.py")
    writers = {}
    for name in ("exporter_csv", "exporter_txt", "exporter_ai_txt", "exporter_html", "exporter_markdown",
                 "exporter_docx"):
        writers[name] = load(f"exporter.{name}", git_show(mirror, MEMOTRACE3, f"exporter/{name}.py"),
                             str(exporter_dir / f"{name}.py"))
    me = contact_mod.Me()
    me.wxid, me.name, me.nickname, me.remark = OWNER["wxid"], OWNER["name"], OWNER["name"], OWNER["name"]
    people = {}
    for info in [*CUSTOMERS, GROUP, GROUP_GUEST]:
        people[info["UserName"]] = contact_mod.Contact(
            wxid=info["UserName"], remark=info["Remark"] or info["NickName"], nickname=info["NickName"],
            alias=info["Alias"], small_head_img_url="https://wx.qlogo.cn/mmhead/FAKE/132", label_list=["客户"])
    T = message.MessageType

    def messages_of(wxid):
        out_msgs = []
        for n, (who, text) in enumerate(CHATS[wxid]):
            is_send = who == 1
            sender = OWNER["wxid"] if is_send else (wxid if isinstance(who, int) else who)
            display = OWNER["name"] if is_send else people[sender].remark
            ts = 1717200000 + n * 600
            common = dict(local_id=n + 1, server_id=7310000000000000000 + n, sort_seq=n, timestamp=ts,
                          str_time=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts)), talker_id=wxid,
                          is_sender=is_send, sender_id=sender, display_name=display, avatar_src="", status=2,
                          xml_content="")
            out_msgs.append(message.TextMessage(type=T.Text, content=text, **common))
        if wxid == "wxid_test_wang01":  # a reply quoting the customer: `引用：…` is a line of the message
            first = out_msgs[0]
            ts = first.timestamp + 3000
            out_msgs.append(message.QuoteMessage(
                local_id=99, server_id=7310000000000000099, sort_seq=99, timestamp=ts,
                str_time=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts)), talker_id=wxid, is_sender=True,
                sender_id=OWNER["wxid"], display_name=OWNER["name"], avatar_src="", status=2, xml_content="",
                type=T.Quote, content="收到，已登记", quote_message=first))
        return out_msgs

    class Database:
        def get_messages(self, wxid, time_range=None):
            return messages_of(wxid)

        def get_chatroom_members(self, wxid):
            return {w: people[w] for w in ("wxid_test_wang01", "wxid_test_zhao04", "wxid_test_zhang3")}

        def get_avatar_buffer(self, wxid):
            return png(wxid)

        def get_contact_by_username(self, wxid):
            return people.get(wxid, me)

        def get_contacts(self):
            return [people[c["UserName"]] for c in CUSTOMERS]

        def get_audio_text(self, server_id):
            return ""

        def get_media_buffer(self, *args):
            return b""

    db = Database()
    output_dir = str(Path(os.getcwd()) / "out")
    for wxid in CHATS:
        contact = people[wxid]
        for name, cls in (("exporter_csv", "CSVExporter"), ("exporter_txt", "TxtExporter"),
                          ("exporter_ai_txt", "AiTxtExporter"), ("exporter_html", "HtmlExporter"),
                          ("exporter_markdown", "MarkdownExporter"), ("exporter_docx", "DocxExporter")):
            getattr(writers[name], cls)(db, contact, output_dir, None).export()  # type_ (unused by export)
    base.ContactExporter(db, str(Path(output_dir) / "contacts.csv")).run()
    base.GroupContactExporter(db, output_dir, people[GROUP["UserName"]]).run()
    for folder in Path(output_dir).rglob("*"):
        if folder.is_dir() and folder.name in ("image", "emoji", "video", "voice", "file", "avatar", "music", "icon"):
            shutil.rmtree(folder)
    for item in Path(output_dir).iterdir():
        shutil.move(str(item), out / item.name)


# ---------------------------------------------------------------------------------------------------
# chatlog (Go): a line-by-line port of the writers named in the module docstring.
def _go_csv_field(field: str) -> str:
    """encoding/csv Writer.fieldNeedsQuotes + quoting."""
    needs = field != "" and (field == "\\." or any(c in field for c in ',"\r\n') or field[0].isspace())
    return '"' + field.replace('"', '""') + '"' if needs else field


def _go_json(value) -> str:
    """encoding/json Marshal as gin's c.JSON writes it: compact, <>& escaped, UTF-8 kept."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chatlog(mirror: Path, out: Path) -> None:
    contacts = {c["UserName"]: c for c in [*CUSTOMERS, GROUP_GUEST]}

    def display_name(c):  # Contact.DisplayName
        return c["Remark"] or c["NickName"] or ""

    day_start = 1717171200  # 2024-06-01 00:00 +08:00 (time=2024-06-01: one day)
    time_format = "%H:%M:%S"  # PerfectTimeFormat(start, end) within one day: "15:04:05"
    for wxid, chat in CHATS.items():
        room = wxid.endswith("@chatroom")
        messages = []
        for n, (who, text) in enumerate(chat):
            is_self = who == 1
            sender = OWNER["wxid"] if is_self else (wxid if isinstance(who, int) else who)
            ts = day_start + 36000 + n * 600
            m = {"seq": ts * 1000 + n, "time": time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(ts + 8 * 3600)),
                 "talker": wxid, "talkerName": "", "isChatRoom": room, "sender": sender, "senderName": "",
                 "isSelf": is_self, "type": 1, "subType": 0, "content": text}
            if room:  # enrichMessage: the chat room's DisplayName, the sender's display name in the room
                m["talkerName"] = GROUP["Remark"] or GROUP["NickName"]
                if not is_self:
                    m["senderName"] = display_name(contacts[sender])
            if m["senderName"] == "" and not is_self:
                m["senderName"] = display_name(contacts[sender])
            messages.append(m)
        folder = out
        folder.mkdir(parents=True, exist_ok=True)
        plain = []
        for m in messages:  # handleChatlog default: PlainText(showChatRoom=false, ...) + "\n"
            sender = "我" if m["isSelf"] else m["sender"]
            head = f"{m['senderName']}({sender})" if m["senderName"] != "" else sender
            clock = time.strftime(time_format, time.gmtime(int(m["seq"] // 1000) + 8 * 3600))
            plain.append(f"{head} {clock}\n{m['content']}\n" + "\n")
        (folder / f"{wxid}.txt").write_text("".join(plain), encoding="utf-8")
        rows = [["Time", "SenderName", "Sender", "TalkerName", "Talker", "Content"]]
        for m in messages:  # Message.CSV
            rows.append([time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(m["seq"] // 1000) + 8 * 3600)),
                         m["senderName"], m["sender"], m["talkerName"], m["talker"], m["content"]])
        (folder / f"{wxid}_2024-06-01_2024-06-01.csv").write_text(
            "".join(",".join(_go_csv_field(f) for f in row) + "\n" for row in rows), encoding="utf-8")
        (folder / f"{wxid}.json").write_text(_go_json(messages), encoding="utf-8")
    lines = ["UserName,Alias,Remark,NickName\n"]  # handleContacts (text / csv): no quoting
    lines += [f"{c['UserName']},{c['Alias']},{c['Remark']},{c['NickName']}\n" for c in CUSTOMERS]
    (out / "contacts.csv").write_text("".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# Telegram Desktop JSON export: a line-by-line port of export_output_json.cpp (see the docstring).
def _tg_string(value: str) -> str:  # SerializeString
    out = ['"']
    for ch in value:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 32:
            out.append("\\x%X%X" % (ord(ch) >> 4, ord(ch) & 15))
        elif ch in "\u2028\u2029":
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out) + '"'


class TelegramJsonWriter:
    def __init__(self) -> None:
        self.nesting: list[str] = []
        self.had_item = False
        self.out: list[str] = []

    def indent(self, size: int | None = None) -> str:
        return " " * (len(self.nesting) if size is None else size)

    def obj(self, values: list[tuple[str, str]]) -> str:  # SerializeObject
        indent = self.indent()
        self.nesting.append("o")
        nxt = "\n" + self.indent()
        parts = [nxt + _tg_string(k) + ": " + v for k, v in values if v]
        self.nesting.pop()
        return "{" + ",".join(parts) + "\n" + indent + "}"

    def array(self, values: list[str]) -> str:  # SerializeArray
        indent, nxt = self.indent(), "\n" + self.indent(len(self.nesting) + 1)
        return "[" + ",".join(nxt + v for v in values) + "\n" + indent + "]"

    def push(self, kind: str) -> str:  # pushNesting
        self.nesting.append(kind)
        self.had_item = False
        return "{" if kind == "o" else "["

    def key(self, name: str) -> str:  # prepareObjectItemStart
        start = (",\n" if self.had_item else "\n") + self.indent() + _tg_string(name) + ": "
        self.had_item = True
        return start

    def item(self) -> str:  # prepareArrayItemStart
        start = (",\n" if self.had_item else "\n") + self.indent()
        self.had_item = True
        return start

    def pop(self) -> str:  # popNesting
        kind = self.nesting.pop()
        self.had_item = True
        return "\n" + self.indent() + ("}" if kind == "o" else "]")


def _tg_phone(digits: str) -> str:
    return f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"


def _tg_date(ts: int) -> str:  # SerializeDate: QDateTime::fromTime_t(date).toString(Qt::ISODate), local time
    return _tg_string(time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts + 8 * 3600)))


def telegram(mirror: Path, out: Path) -> None:
    owner = {"id": 5550001, "first": "小美", "last": "", "phone": P["shop_phone"]}
    wang = {"id": 5550002, "first": "建国", "last": "王", "phone": P["wang_card_phone"]}  # Chinese users: 名 姓
    li = {"id": 5550003, "first": "李娜", "last": "", "phone": P["li_phone"]}
    name = lambda u: " ".join(x for x in (u["first"], u["last"]) if x)  # noqa: E731 - User::name
    chats = [(wang, [(wang, f"你好，我是王建国，电话{P['wang_phone']}"), (owner, f"好的，店里电话{P['shop_phone']}"),
                     (wang, f"登记一下\n身份证：{P['wang_id']}")]),
             (li, [(li, f"定金转你了，卡号{P['li_bank']}"), (owner, f"收到，店里电话{P['shop_phone']}")])]
    w = TelegramJsonWriter()
    blocks = [w.push("o"), w.key("about"), _tg_string("Here is the data you requested. Remember: Telegram is ad "
                                                       "free, it doesn't collect your data for advertisement.")]
    blocks.append(w.key("personal_information") + w.obj([  # writePersonal
        ("user_id", str(owner["id"])), ("first_name", _tg_string(owner["first"])),
        ("last_name", _tg_string(owner["last"])), ("phone_number", _tg_string(_tg_phone(owner["phone"]))),
        ("username", _tg_string("@xiaomei_shop")), ("bio", "")]))
    block = w.key("contacts") + w.push("o") + w.key("about") + _tg_string("This is your contacts list.")
    block += w.key("list") + w.push("a")  # writeSavedContacts
    for n, u in enumerate((wang, li)):
        block += w.item() + w.obj([("user_id", str(u["id"])), ("first_name", _tg_string(u["first"])),
                                   ("last_name", _tg_string(u["last"])),
                                   ("phone_number", _tg_phone(u["phone"]) and _tg_string(_tg_phone(u["phone"]))),
                                   ("date", _tg_date(1709254800 + n * 86400))])
    block += w.pop()
    blocks.append(block + w.pop())
    block = w.key("frequent_contacts") + w.push("o") + w.key("about") + _tg_string("")  # writeFrequentContacts
    block += w.key("list") + w.push("a")
    for u in (wang, li):
        block += w.item() + w.obj([("id", str(u["id"])), ("category", _tg_string("people")),
                                   ("type", _tg_string("user")), ("name", _tg_string(name(u))), ("rating", "0.9")])
    block += w.pop()
    blocks.append(block + w.pop())
    blocks.append(w.key("chats") + w.push("o") + w.key("about") + _tg_string("This page lists all chats from "
                                                                               "this export.")
                  + w.key("list") + w.push("a"))  # writeChatsStart
    message_id = 0
    for peer, messages in chats:
        block = w.item() + w.push("o")  # writeDialogStart
        block += w.key("name") + _tg_string(name(peer)) + w.key("type") + _tg_string("personal_chat")
        block += w.key("id") + str(peer["id"]) + w.key("messages") + w.push("a")
        for n, (sender, text) in enumerate(messages):  # writeDialogSlice / SerializeMessage
            message_id += 1
            w.nesting.append("o")
            values = [("id", str(message_id)), ("type", _tg_string("message")),
                      ("date", _tg_date(1717207200 + message_id * 300))]
            values += [("from", _tg_string(name(sender))), ("from_id", _tg_string(f"user{sender['id']}"))]
            values.append(("text", _tg_string(text)))  # SerializeText: one plain part is a bare string
            w.nesting.pop()
            block += w.item() + w.obj(values)
        blocks.append(block + w.pop() + w.pop())  # writeDialogEnd
    blocks.append(w.pop() + w.pop())  # writeChatsEnd
    blocks.append(w.pop())  # finish
    folder = out / "DataExport_2024-06-01"
    folder.mkdir(parents=True)
    (folder / "result.json").write_text("".join(blocks), encoding="utf-8")
    # "Export chat history" of one chat (onlySinglePeer): no outer object, the dialog alone
    w = TelegramJsonWriter()
    peer, messages = chats[1]
    block = w.push("o") + w.key("name") + _tg_string(name(peer)) + w.key("type") + _tg_string("personal_chat")
    block += w.key("id") + str(peer["id"]) + w.key("messages") + w.push("a")
    for n, (sender, text) in enumerate(messages):
        w.nesting.append("o")
        values = [("id", str(100 + n)), ("type", _tg_string("message")), ("date", _tg_date(1717300000 + n * 300)),
                  ("from", _tg_string(name(sender))), ("from_id", _tg_string(f"user{sender['id']}")),
                  ("text", _tg_string(text))]
        w.nesting.pop()
        block += w.item() + w.obj(values)
    single = out / "ChatExport_2024-06-02"
    single.mkdir(parents=True)
    (single / "result.json").write_text(block + w.pop() + w.pop(), encoding="utf-8")


def pywxdump(mirror: Path, out: Path) -> None:
    users = {}
    for info in [*CUSTOMERS, GROUP_GUEST]:
        users[info["UserName"]] = {"wxid": info["UserName"], "nickname": info["NickName"], "remark": info["Remark"],
                                   "account": info["Alias"], "describe": "", "headImgUrl": "",
                                   "ExtraBuf": {"手机号": info["telephone"]} if info["telephone"] else {}}
    users[OWNER["wxid"]] = {"wxid": OWNER["wxid"], "nickname": OWNER["name"], "remark": "", "account": "",
                            "describe": "", "headImgUrl": "", "ExtraBuf": {}}

    class DBHandler:
        def __init__(self, config, my_wxid):
            self.my_wxid = my_wxid

        def get_msgs_count(self, wxid):
            return {wxid: len(CHATS[wxid])}

        def _rows(self, wxid):
            rows = []
            for n, (who, text) in enumerate(CHATS[wxid]):
                talker = self.my_wxid if who == 1 else (wxid if isinstance(who, int) else who)
                rows.append({"id": n + 1, "MsgSvrID": str(7310000000000000000 + n), "type_name": "文本",
                             "is_sender": 1 if who == 1 else 0, "talker": talker, "room_name": wxid, "msg": text,
                             "src": "", "CreateTime": f"2024-06-01 10:{n:02d}:00"})
            involved = {r["talker"] for r in rows} | {wxid}
            return rows, {k: v for k, v in users.items() if k in involved}

        def get_msg_list(self, wxid, start, size):
            return self._rows(wxid)

        def get_msgs(self, wxid, start, size):
            return self._rows(wxid)

    module("pywxdump")
    module("pywxdump.db", DBHandler=DBHandler)
    base = "pywxdump/api/export/"
    csv_mod = load("pywxdump_export_csv", git_show(mirror, PYWXDUMP, base + "exportCSV.py"), base + "exportCSV.py")
    json_mod = load("pywxdump_export_json", git_show(mirror, PYWXDUMP, base + "exportJSON.py"),
                    base + "exportJSON.py")
    for wxid in CHATS:
        for kind, writer in (("csv", csv_mod.export_csv), ("json", json_mod.export_json)):
            path = out / "wxdump_work" / "export" / OWNER["wxid"] / kind / wxid
            path.mkdir(parents=True, exist_ok=True)
            ok, message = writer(wxid, str(path), {}, my_wxid=OWNER["wxid"])
            assert ok, message


def _account() -> types.SimpleNamespace:
    return types.SimpleNamespace(OWNER=OWNER, CUSTOMERS=CUSTOMERS, GROUP=GROUP, GROUP_GUEST=GROUP_GUEST, CHATS=CHATS)


WEFLOW = ("hicccc77+WeFlow", "ccbd15466873e05092c8bee20833ca3420292b91")


def _weflow(mirror: Path, out: Path) -> None:
    styles = git_show(mirror, WEFLOW, "electron/services/exportHtmlStyles.ts")
    styles = styles[styles.index("`") + 1:styles.rindex("`")]  # export const EXPORT_HTML_STYLES = `...`
    real_writers_weflow.weflow(_account(), out, styles)


ECHOTRACE = ("ycccccccy+echotrace", "ec2ba7c6e25ee39e9e3867c6a186beb6de6bc356")


def _echotrace(mirror: Path, out: Path) -> None:
    dart = git_show(mirror, ECHOTRACE, "lib/services/chat_export_service.dart")
    styles = dart[dart.index("String _getHtmlStyles() {"):]
    styles = styles[styles.index("'''") + 3:]
    real_writers_weflow.echotrace(_account(), out, styles[:styles.index("'''")])


def _wechatexporter(mirror: Path, out: Path) -> None:
    real_writers_wechatexporter.wechatexporter(mirror, _account(), out)


WRITERS = {"memotrace2": memotrace2, "memotrace3": memotrace3, "chatlog": chatlog, "telegram": telegram,
           "pywxdump": pywxdump, "weflow": _weflow, "echotrace": _echotrace, "wechatexporter": _wechatexporter}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "real_writers")
    parser.add_argument("--only", default="", help="comma-separated exports to regenerate (default: all); the "
                        "others are left as they are (DOCX and XLSX writers stamp the time, so a rerun differs)")
    args = parser.parse_args()
    out = args.out.resolve()
    only = [n for n in args.only.split(",") if n] or list(WRITERS)
    if set(only) - set(WRITERS):
        parser.error(f"unknown export: {sorted(set(only) - set(WRITERS))}")
    if only == list(WRITERS):
        shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "avatar.png").write_bytes(png())
        for name in only:
            target = out / name
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            run_dir = Path(work) / name
            run_dir.mkdir()
            with contextlib.chdir(run_dir), contextlib.redirect_stdout(sys.stderr):
                WRITERS[name](args.mirror, target)
    expected = {"planted": PLANTED, "owner": OWNER, "customers": CUSTOMERS, "group_guest": GROUP_GUEST,
                "people_per_export": EXPECTED_PEOPLE}
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
