"""WechatExporter (BlueMatthew, C++), ported line by line for make_real_writer_fixtures.py.

The templates are read from the mirror at the commit below and filled the way the C++ fills them; the
`%%ML:key%%` tokens are localised from res/zh-Hans.txt (keys without a zh entry stay English).

| output | upstream | commit | file : function |
|---|---|---|---|
| wechatexporter/txt/<账号>/<会话>/index.txt | BlueMatthew/WechatExporter | 8f8ce412fc57c4c792cb519e9d1fb980e0f58cfd | WechatExporter/core/Exporter.cpp : Exporter::exportMessages (frame, %%BODY%%); core/MessageParser.cpp : MessageParser::parse (NAME / WXNAME by side and chat kind), parseText (text mode: raw content); res/templates_txt/{frame,msg}.html |
| wechatexporter/txt/<账号>/index.txt, index.txt | same | same | Exporter.cpp : Exporter::exportUser (session list: listframe, listitem), Exporter::run (account list) |
| wechatexporter/html/<账号>/<会话>/index.html | same | same | Exporter.cpp : exportMessages (sync loading: messages in %%BODY%%); MessageParser.cpp : parse (safeHTML on NAME), parseText (convertEmojis: content as it is); res/templates/{frame,msg}.html |
| wechatexporter/async/<账号>/<会话>/index.html + Files/Data/msg-1.js | same | same | Exporter.cpp : exportMessages (async: empty body), buildScriptFile (release jsoncpp: indentation "", emitUTF8 off, so non-ASCII as \\uXXXX); res/templates/scripts.html |
| wechatexporter/*/<账号>_Contacts.csv | same | same | Exporter.cpp : Exporter::exportUser, "Export Contacts" (release build: wxName, displayName, portrait, tags; CRLF, every field quoted) |
| (names) | same | same | core/Utils.cpp : safeHTML, fromUnixTime (local time, %Y-%m-%d %H:%M:%S) |
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

REPO = ("BlueMatthew+WechatExporter", "8f8ce412fc57c4c792cb519e9d1fb980e0f58cfd")
TZ = 8 * 3600


def _show(mirror: Path, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(mirror / REPO[0] / "repo"), "show", f"{REPO[1]}:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8")


class Templates:
    def __init__(self, mirror: Path) -> None:
        self.mirror = mirror
        raw = _show(mirror, "WechatExporter/res/zh-Hans.txt")
        self.strings = {item["key"]: item["value"] for item in json.loads(raw)}

    def get(self, kind: str, name: str) -> str:  # ResManager: %%ML:key%% localised when the template loads
        text = _show(self.mirror, f"WechatExporter/res/{kind}/{name}.html")
        return re.sub(r"%%ML:(.+?)%%", lambda m: self.strings.get(m.group(1), m.group(1)), text)


def safe_html(s: str) -> str:  # Utils.cpp safeHTML
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r\n", "<br/>"), ("\r", "<br/>"), ("\n", "<br/>")):
        s = s.replace(a, b)
    return s


def from_unix_time(ts: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts + TZ))


def fill(template: str, values: dict[str, str]) -> str:
    for token, value in values.items():
        template = template.replace(token, value)
    return template


def _jsoncpp(values: list[str]) -> str:
    """Json::writeString with indentation "" and emitUTF8 off: compact, non-ASCII as \\uXXXX."""
    return json.dumps(values, ensure_ascii=True, separators=(",", ":"))


class Friend:
    def __init__(self, info: dict) -> None:
        self.usr_name = info["UserName"]
        self.wx_name = info["Alias"] or info["UserName"]  # getWxName: the alias, else the wxid
        self.display_name = info["Remark"] or info["NickName"]  # getDisplayName: remark, else nickname
        self.portrait = "http://wx.qlogo.cn/mmhead/ver_1/FAKE/132"


def wechatexporter(mirror: Path, acct, out: Path) -> None:
    t = Templates(mirror)
    me = Friend({"UserName": acct.OWNER["wxid"], "Alias": "", "Remark": "", "NickName": acct.OWNER["name"]})
    friends = {c["UserName"]: Friend(c) for c in acct.CUSTOMERS}
    group = Friend(acct.GROUP)
    # the chat room's member names (session.getMemberName): a member who is not a friend by the name the room has
    member_names = {acct.GROUP_GUEST["UserName"]: acct.GROUP_GUEST["NickName"]}

    def messages(session: str, html: bool) -> list[str]:
        out_msgs = []
        for n, (who, text) in enumerate(acct.CHATS[session]):
            ts = 1717207200 + n * 600
            is_send = who == 1
            if session.endswith("@chatroom"):
                if is_send:
                    name, wx = me.display_name, me.wx_name
                else:
                    f = friends.get(who)
                    name = member_names.get(who, "") or (f.display_name if f else "")
                    name, wx = name or who, (f.wx_name if f else "")
            elif is_send:
                name, wx = me.display_name, me.wx_name
            else:
                name, wx = friends[session].display_name, friends[session].wx_name
            if html:
                out_msgs.append(fill(t.get("templates", "msg"), {
                    "%%ALIGNMENT%%": "right" if is_send else "left", "%%EXTRA_CLS%%": "",
                    "%%MSGID%%": str(7310000000000000000 + n), "%%MSGTYPE%%": "1",
                    "%%AVATAR%%": "../Portrait/" + (wx or "DefaultAvatar") + ".jpg", "%%WXNAME%%": wx,
                    "%%NAME%%": safe_html(name), "%%TIME%%": from_unix_time(ts), "%%MESSAGE%%": text}))
            else:
                out_msgs.append(fill(t.get("templates_txt", "msg"), {
                    "%%NAME%%": name, "%%TIME%%": from_unix_time(ts), "%%MESSAGE%%": text}))
        return out_msgs

    def session_name(session: str) -> str:
        return group.display_name if session.endswith("@chatroom") else friends[session].display_name

    def frame(kind: str, session: str, body: str, loading: str, pages: int) -> str:
        return fill(t.get(kind, "frame"), {
            "%%USRNAME%%": "", "%%SESSION_USRNAME%%": "", "%%DISPLAYNAME%%": session_name(session),
            "%%ASYNC_LOADING_TYPE%%": loading, "%%SIZE_OF_PAGE%%": "1000", "%%NUMBER_OF_MSGS%%": "0",
            "%%NUMBER_OF_PAGES%%": str(pages), "%%DATA_PATH%%": "Files/Data", "%%PAGE_DATA%%": "[]",
            "%%PAGER_TYPE%%": "", "%%BODY%%": body, "%%HEADER_FILTER%%": ""})

    def contacts_csv() -> str:  # release build
        rows = []
        for f in sorted(friends.values(), key=lambda f: f.display_name):
            rows.append('"' + f.wx_name + '","' + f.display_name.replace('"', '""') + '","' + f.portrait
                        + '","' + " 客户" + '"\r\n')
        return "".join(rows)

    for mode in ("txt", "html", "async"):
        kind = "templates_txt" if mode == "txt" else "templates"
        ext = "txt" if mode == "txt" else "html"
        base = out / mode / me.display_name
        items = []
        for session in acct.CHATS:
            folder = base / session_name(session)
            folder.mkdir(parents=True)
            msgs = messages(session, html=mode != "txt")
            if mode == "async":
                (folder / "index.html").write_text(frame(kind, session, "", "onscroll", 1), encoding="utf-8")
                data = folder / "Files" / "Data"
                data.mkdir(parents=True)
                (data / "msg-1.js").write_text(fill(t.get("templates", "scripts"), {"%%JSON_DATA%%": _jsoncpp(msgs)}),
                                               encoding="utf-8")
            else:
                (folder / f"index.{ext}").write_text(frame(kind, session, "".join(msgs), "", 0), encoding="utf-8")
            item = t.get(kind, "listitem")
            text = session_name(session)
            if not session.endswith("@chatroom"):
                f = friends[session]
                if f.wx_name and text != f.wx_name:
                    text += t.strings[" (WeChat ID: %s)"].replace("%s", f.wx_name)
            items.append(fill(item, {"%%ITEMPICPATH%%": "Portrait/x.jpg",
                                     "%%ITEMLINK%%": session_name(session) + ("." + ext if mode == "txt" else
                                                                               "/index." + ext),
                                     "%%ITEMTEXT%%": text if mode == "txt" else safe_html(text)}))
        (base / f"index.{ext}").write_text(fill(t.get(kind, "listframe"), {
            "%%USERNAME%%": " - " + me.display_name, "%%TBODY%%": "".join(items)}), encoding="utf-8")
        (out / mode / f"{me.display_name}_Contacts.csv").write_text(contacts_csv(), encoding="utf-8")
        account_item = fill(t.get(kind, "listitem"), {
            "%%ITEMPICPATH%%": me.display_name + "/Portrait/x.jpg",
            "%%ITEMLINK%%": me.display_name + "/index." + ext,
            "%%ITEMTEXT%%": me.display_name if mode == "txt" else safe_html(me.display_name)})
        (out / mode / f"index.{ext}").write_text(fill(t.get(kind, "listframe"), {
            "%%USERNAME%%": "", "%%TBODY%%": account_item}), encoding="utf-8")
