"""WeFlow and EchoTrace writers, ported line by line (TypeScript / Dart) for make_real_writer_fixtures.py.

| output | upstream | commit | file : function |
|---|---|---|---|
| weflow/私聊_<显示名>.json, 群聊_<显示名>.json | hicccc77/WeFlow | ccbd15466873e05092c8bee20833ca3420292b91 | electron/services/export/formatters/JsonFormatter.ts : JsonFormatter.export (format 'json'; session payload, msgObj); core/ExportContext.ts : getWeflowHeader, getMessageTypeName |
| weflow/arkme/群聊_<显示名>.json | same | same | JsonFormatter.ts : JsonFormatter.export (format 'arkme-json': senders[], groupMembers[], compact messages) |
| weflow/*.txt | same | same | formatters/TxtFormatter.ts : TxtFormatter.export (`${formatTimestamp} '${senderRole}'\\n${content}\\n\\n`) |
| weflow/*.md | same | same | formatters/MarkdownFormatter.ts : MarkdownFormatter.export (`# 会话`, `## <time> <sender>`); utils/markdown.ts : escapeMarkdownText |
| weflow/*.html | same | same | formatters/HtmlFormatter.ts : HtmlFormatter.export (head, `window.WEFLOW_DATA = [...]` items {i,t,s,a,b}); electron/services/exportHtmlStyles.ts (the CSS, read from the mirror); utils/htmlEscape.ts : escapeHtml; contacts/avatarHelper.ts : getAvatarFallback |
| weflow/chatlab/*.json, *.jsonl | same | same | formatters/ChatLabFormatter.ts : ChatLabFormatter.export (format 'chatlab' and 'chatlab-jsonl'); core/ExportContext.ts : getExportMeta, collectMessages (memberSet) |
| weflow/*.xlsx | same | same | formatters/ExcelFormatter.ts : ExcelFormatter.export (会话信息 rows, merged cells, header by column mode) |
| weflow/weclone/*.csv | same | same | formatters/WeCloneFormatter.ts : WeCloneFormatter.export; ExportContext.ts : escapeCsvCell, getWeCloneTypeName |
| weflow/contacts_<ts>.csv/.json/.vcf | same | same | electron/services/contactExportService.ts : exportToCSV, exportToJSON, exportToVCF |
| (names) | same | same | export/contacts/contactResolver.ts : getPreferredDisplayName, resolveExportDisplayProfile; utils/fileNaming.ts : buildSessionExportBaseName; ExportContext.ts : getSessionFilePrefix (私聊_ / 群聊_) |
| echotrace/<显示名>_聊天记录_<ms>.json | ycccccccy/echotrace | ec2ba7c6e25ee39e9e3867c6a186beb6de6bc356 (lib/services/chat_export_service.dart) | ChatExportService.exportToJson, _resolveSenderDisplayName, _resolveSenderUsername, _getRemarkOrAlias, _getGroupMemberExportData |
| echotrace/<显示名>_聊天记录_<ms>.html | same | same | ChatExportService.exportToHtml, _buildHtmlMessageData, _generateHtmlFromData (`const messagesData = [...]`), _getHtmlStyles (read from the mirror), _escapeHtml |
| echotrace/<显示名>_聊天记录_<ms>.xlsx | same | same | ChatExportService.exportToExcel (sheet 聊天记录) |

Time stamps are formatted in UTC+8 (the exporting machine's local time).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import openpyxl

TZ = 8 * 3600
EXPORTED_AT = 1717300000  # fixed "now", so the fixtures regenerate byte for byte


def format_timestamp(ts: int) -> str:  # utils/timestamp.ts formatTimestamp (local time)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts + TZ))


def iso_timestamp(ts: int) -> str:  # formatIsoTimestamp: Date.toISOString()
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(ts))


def sanitize(value: str) -> str:  # fileNaming.ts sanitizeExportFileNamePart
    return re.sub(r"\.+$", "", re.sub(r'[<>:"/\\|?*]', "_", value or "")).strip()


def preferred(wxid: str, nickname: str, remark: str, group_nickname: str = "") -> str:
    return remark or nickname or wxid  # getPreferredDisplayName(..., 'remark')


def _js_json(value) -> str:  # JSON.stringify(value, null, 2)
    return json.dumps(value, ensure_ascii=False, indent=2)


class Account:
    """The stub database: contacts by wxid (nickName, remark, alias) and the collected message rows."""

    def __init__(self, acct) -> None:
        self.a = acct
        self.contacts = {c["UserName"]: {"nickName": c["NickName"], "remark": c["Remark"], "alias": c["Alias"]}
                         for c in [*acct.CUSTOMERS, acct.GROUP, acct.GROUP_GUEST]}
        self.contacts[acct.OWNER["wxid"]] = {"nickName": acct.OWNER["name"], "remark": "", "alias": ""}
        self.me = acct.OWNER["wxid"]

    def display(self, wxid: str) -> str:  # getContactInfo(...).displayName (wcdb getDisplayNames: remark, else nick)
        c = self.contacts.get(wxid, {})
        return c.get("remark") or c.get("nickName") or wxid

    def rows(self, session: str) -> list[dict]:  # collectMessages(...).rows
        out = []
        for n, (who, text) in enumerate(self.a.CHATS[session]):
            is_send = who == 1
            sender = self.me if is_send else (session if isinstance(who, int) else who)
            out.append({"localId": n + 1, "createTime": 1717207200 + n * 600, "localType": 1, "content": text,
                        "isSend": 1 if is_send else 0, "senderUsername": sender})
        return out

    def base_name(self, session: str) -> str:  # buildSessionExportBaseName + getSessionFilePrefix
        prefix = "群聊_" if session.endswith("@chatroom") else "私聊_"
        return prefix + (sanitize(self.display(session) or session) or sanitize(session) or "session")

    def profile(self, wxid: str) -> dict:  # resolveExportDisplayProfile (no group nicknames in this account)
        c = self.contacts.get(wxid, {})
        nickname = c.get("nickName") or wxid
        return {"wxid": wxid, "nickname": nickname, "remark": c.get("remark", ""), "alias": c.get("alias", ""),
                "groupNickname": "", "displayName": preferred(wxid, nickname, c.get("remark", ""))}


# ---------------------------------------------------------------------------------------------------
def weflow_json(db: Account, session: str, arkme: bool = False) -> str:
    is_group = session.endswith("@chatroom")
    all_messages, sender_profiles = [], {}
    for msg in db.rows(session):
        contact = db.contacts.get(msg["senderUsername"])
        sender_nickname = contact["nickName"] if contact and contact["nickName"] else msg["senderUsername"]
        sender_remark = contact["remark"] if contact and contact["remark"] else ""
        sender_display = preferred(msg["senderUsername"], sender_nickname, sender_remark)
        sender_profiles.setdefault(msg["senderUsername"], {"displayName": sender_display, "nickname": sender_nickname,
                                                          "remark": sender_remark, "groupNickname": ""})
        all_messages.append({"localId": len(all_messages) + 1, "createTime": msg["createTime"],
                             "formattedTime": format_timestamp(msg["createTime"]), "type": "文本消息",
                             "localType": 1, "content": msg["content"], "isSend": 1 if msg["isSend"] else 0,
                             "senderUsername": msg["senderUsername"], "senderDisplayName": sender_display,
                             "source": "", "senderAvatarKey": msg["senderUsername"]})
    contact = db.contacts[session]
    session_nickname = contact["nickName"] or db.display(session)
    session_remark = contact["remark"] or ""
    session_payload = {"wxid": session, "nickname": session_nickname, "remark": session_remark,
                       "displayName": preferred(session, session_nickname, session_remark),
                       "type": "群聊" if is_group else "私聊", "lastTimestamp": all_messages[-1]["createTime"],
                       "messageCount": len(all_messages)}  # avatar: undefined (not exported) is dropped
    weflow = {"version": "1.0.3", "exportedAt": EXPORTED_AT, "generator": "WeFlow"}
    if not arkme:
        return _js_json({"weflow": weflow, "session": session_payload, "messages": all_messages})
    sender_ids, senders = {}, []

    def ensure_sender_id(wxid: str) -> int:
        wxid = wxid.strip() or "unknown"
        if wxid not in sender_ids:
            sender_ids[wxid] = len(senders) + 1
            p = sender_profiles.get(wxid)
            item = {"senderID": sender_ids[wxid], "wxid": wxid, "displayName": (p or {}).get("displayName") or wxid,
                    "nickname": (p or {}).get("nickname") or (p or {}).get("displayName") or wxid}
            if p and p["remark"]:
                item["remark"] = p["remark"]
            senders.append(item)
        return sender_ids[wxid]

    compact = [{"localId": m["localId"], "createTime": m["createTime"], "formattedTime": m["formattedTime"],
                "type": m["type"], "localType": m["localType"], "content": m["content"], "isSend": m["isSend"],
                "senderID": ensure_sender_id(m["senderUsername"]), "source": m["source"]} for m in all_messages]
    export = {"weflow": {**weflow, "format": "arkme-json"}, "session": session_payload, "senders": senders,
              "messages": compact}
    if is_group:
        members = []
        for wxid in dict.fromkeys(m["senderUsername"] for m in db.rows(session)):  # collected.memberSet
            c = db.contacts.get(wxid, {})
            nickname = c.get("nickName") or wxid
            members.append({"wxid": wxid, "displayName": preferred(wxid, nickname, c.get("remark", "")),
                            "nickname": nickname, "remark": c.get("remark", ""), "alias": c.get("alias", ""),
                            "isFriend": wxid in {x["UserName"] for x in db.a.CUSTOMERS},
                            "messageCount": sum(m["senderUsername"] == wxid for m in db.rows(session))})
        members.sort(key=lambda g: (-g["messageCount"], g["displayName"] or g["wxid"]))
        export["groupMembers"] = members
    return _js_json(export)


def _sender_role(db: Account, session: str, msg: dict) -> tuple[str, str, str, str]:
    """(senderRole, senderWxid, senderNickname, senderRemark) as TxtFormatter / ExcelFormatter work them out."""
    if session.endswith("@chatroom"):
        p = db.profile(db.me if msg["isSend"] else (msg["senderUsername"] or db.me))
        return p["displayName"], p["wxid"], p["nickname"], p["remark"]
    if msg["isSend"]:
        return "我", db.me, db.display(db.me) or db.me, ""
    c = db.contacts[session]
    nickname = c["nickName"] or session
    return c["remark"] or nickname, session, nickname, c["remark"] or ""


def weflow_txt(db: Account, session: str) -> str:
    return "".join(f"{format_timestamp(m['createTime'])} '{_sender_role(db, session, m)[0]}'\n{m['content']}\n\n"
                   for m in db.rows(session))


def _md(value) -> str:  # utils/markdown.ts escapeMarkdownText
    return re.sub(r"([`*_{}\[\]<>#+\-.!|])", r"\\\1", str(value if value is not None else "").replace("\\", "\\\\"))


def weflow_markdown(db: Account, session: str) -> str:  # MarkdownFormatter.export (text messages)
    out = [f"# {_md(db.display(session) or session)}\n\n"]
    for m in db.rows(session):
        role = _sender_role(db, session, m)[0]  # getSenderRole: as the TXT's (我 in 1:1 chats)
        out.append(f"## {_md(format_timestamp(m['createTime']))} {_md(role)}\n\n{_md(m['content'])}\n\n")
    return "".join(out)


def _html(value: str) -> str:  # utils/htmlEscape.ts escapeHtml
    return "".join({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}.get(c, c) for c in value or "")


def weflow_html(db: Account, session: str, styles: str) -> str:
    """HtmlFormatter.export: the page head, then `window.WEFLOW_DATA = [` one compact JSON object a message
    ({i, t, s, a: avatar HTML, b: body HTML}) `];`, then the page script (not reproduced: no data in it)."""
    is_group = session.endswith("@chatroom")
    rows = db.rows(session)
    display = db.display(session)
    head = f"""<!DOCTYPE html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>{_html(display)} - 聊天记录</title>
    <style>{styles}</style>
  </head>
  <body>
    <div class="page">
      <div class="header">
        <h1 class="title">{_html(display)}</h1>
        <div class="meta">
          <span>{len(rows)} 条消息</span>
          <span>{'群聊' if is_group else '私聊'}</span>
          <span>{_html(format_timestamp(EXPORTED_AT))}</span>
        </div>
        <div class="controls">
          <input id="searchInput" type="search" placeholder="搜索消息..." />
          <input id="timeInput" type="datetime-local" />
          <button id="jumpBtn" type="button">跳转</button>
          <div class="stats">
            <span id="resultCount">共 {len(rows)} 条</span>
          </div>
        </div>
      </div>
      
      <div id="scrollContainer" class="scroll-container"></div>
      
    </div>
    
    <div class="image-preview" id="imagePreview">
      <img id="imagePreviewTarget" alt="预览" />
    </div>

    <!-- Data Injection -->
    <script>
      window.WEFLOW_DATA = [
"""
    items = []
    for i, m in enumerate(rows):
        me = bool(m["isSend"])
        if is_group:
            name = db.profile(db.me if me else m["senderUsername"])["displayName"]
        else:
            name = (db.display(db.me) or "我") if me else (display or session)
        avatar = f"<span>{_html(name[:1] or '?')}</span>"  # getAvatarFallback (no avatars exported)
        text = f'<div class="message-text">{_html(m["content"]).replace(chr(10), "<br />")}</div>'
        sender = f'<div class="sender-name">{_html(name)}</div>' if is_group else ""
        body = f'<div class="message-time">{_html(format_timestamp(m["createTime"]))}</div>{sender}' \
               f'<div class="message-content">{text}</div>'
        items.append(json.dumps({"i": i + 1, "t": m["createTime"], "s": 1 if me else 0, "a": avatar, "b": body},
                                ensure_ascii=False, separators=(",", ":")))
    return head + ",\n".join(items) + "\n" + """];
    </script>

    <script>
       /* ExportContext.getVirtualScrollScript() and the page's search / render script: no data */
    </script>
  </body>
</html>
"""


def weflow_chatlab(db: Account, session: str, jsonl: bool) -> str:
    """ChatLabFormatter.export: members from collectMessages' memberSet (platformId, accountName = display
    name), messages {sender, accountName, groupNickname?, timestamp, type, content}; getExportMeta."""
    is_group = session.endswith("@chatroom")
    rows = db.rows(session)
    members = {m["senderUsername"]: {"platformId": m["senderUsername"], "accountName": db.display(m["senderUsername"])}
               for m in rows}
    messages = []
    for m in rows:
        member = members[m["senderUsername"]]
        if is_group:
            name = db.profile(m["senderUsername"] or db.me)["displayName"]
        else:
            name = member["accountName"] or m["senderUsername"]
        messages.append({"sender": m["senderUsername"], "accountName": name or member["accountName"],
                         "timestamp": m["createTime"], "type": 0, "content": m["content"]})  # groupNickname: undefined
    if is_group:
        members = {k: {**v, "accountName": db.profile(k)["displayName"] or v["accountName"]} for k, v in members.items()}
    chatlab = {"version": "0.0.2", "exportedAt": EXPORTED_AT, "generator": "WeFlow"}
    meta = {"name": db.display(session), "platform": "wechat", "type": "group" if is_group else "private",
            **({"groupId": session} if is_group else {})}
    compact = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))  # noqa: E731 - JSON.stringify(v)
    if jsonl:
        lines = [compact({"_type": "header", "chatlab": chatlab, "meta": meta})]
        lines += [compact({"_type": "member", **m}) for m in members.values()]
        lines += [compact({"_type": "message", **m}) for m in messages]
        return "\n".join(lines)
    return _js_json({"chatlab": chatlab, "meta": meta, "members": list(members.values()), "messages": messages})


def _csv_cell(value) -> str:  # ExportContext.escapeCsvCell
    text = "" if value is None else str(value)
    return '"' + text.replace('"', '""') + '"' if re.search(r'[",\r\n]', text) else text


def weflow_weclone(db: Account, session: str) -> str:
    out = ["\ufeffid,MsgSvrID,type_name,is_sender,talker,msg,src,CreateTime\r\n"]
    for i, m in enumerate(db.rows(session)):
        talker = db.display(db.me) or "我"
        if session.endswith("@chatroom"):
            talker = db.profile(db.me if m["isSend"] else m["senderUsername"])["displayName"]
        elif not m["isSend"]:
            c = db.contacts[session]
            talker = preferred(session, c["nickName"] or session, c["remark"] or "")
        row = [i + 1, "", "text", 1 if m["isSend"] else 0, talker, m["content"], "", iso_timestamp(m["createTime"])]
        out.append(",".join(_csv_cell(v) for v in row) + "\r\n")
    return "".join(out)


def weflow_xlsx(db: Account, session: str, path: Path) -> None:
    is_group = session.endswith("@chatroom")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "聊天记录"
    contact = db.contacts[session]
    ws.cell(1, 1, "会话信息")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=9 if is_group else 8)
    ws.cell(2, 1, "微信ID")
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=3)
    ws.cell(2, 2, session)
    ws.cell(2, 4, "昵称")
    ws.cell(2, 5, contact["nickName"] or session)
    if is_group:
        ws.cell(2, 6, "备注")
        ws.merge_cells(start_row=2, start_column=7, end_row=2, end_column=8)
        ws.cell(2, 7, contact["remark"] or "")
    for col, value in enumerate(("导出工具", "WeFlow", "导出版本", "0.0.2", "平台", "wechat", "导出时间",
                                 format_timestamp(EXPORTED_AT)), 1):
        ws.cell(3, col, value)
    headers = (["序号", "时间", "发送者昵称", "发送者微信ID", "发送者备注", "群昵称", "发送者身份", "消息类型", "内容"]
               if is_group else ["序号", "时间", "发送者昵称", "发送者微信ID", "发送者备注", "发送者身份", "消息类型", "内容"])
    for col, value in enumerate(headers, 1):
        ws.cell(4, col, value)
    for i, m in enumerate(db.rows(session)):
        role, wxid, nickname, remark = _sender_role(db, session, m)
        values = [i + 1, format_timestamp(m["createTime"]), nickname, wxid, remark]
        values += [""] if is_group else []
        values += [role, "文本消息", m["content"]]
        for col, value in enumerate(values, 1):
            if value != "" or col == 5:
                ws.cell(5 + i, col, value)
    _fixed_times(wb)
    wb.save(path)


def _fixed_times(wb) -> None:
    import datetime
    wb.properties.created = wb.properties.modified = datetime.datetime(2024, 6, 2, 4, 26, 40)


def weflow_contacts(db: Account, out: Path, stamp: str) -> None:
    contacts = []
    for c in db.a.CUSTOMERS:  # chatService.getContacts(): friends (the group is filtered out: groups unchecked)
        contacts.append({"username": c["UserName"], "displayName": c["Remark"] or c["NickName"], "remark": c["Remark"],
                         "nickname": c["NickName"], "alias": c["Alias"], "labels": ["客户"],
                         "description": f"手机 {c['telephone']}" if c["telephone"] else "",
                         "detailDescription": "", "region": "中国 江苏 无锡", "type": "friend"})
    headers = ["用户名", "显示名称", "备注", "昵称", "微信号", "标签", "描述", "个性签名", "地区", "类型"]
    cell = lambda v: '"' + str(v if v is not None else "").replace('"', '""') + '"'  # noqa: E731
    rows = [[c["username"] or "", c["displayName"] or "", c["remark"] or "", c["nickname"] or "", c["alias"] or "",
             " | ".join(c["labels"]), c["description"] or "", c["detailDescription"] or "", c["region"] or "", "好友"]
            for c in contacts]
    (out / f"contacts_{stamp}.csv").write_text(
        "\ufeff" + "\n".join([",".join(headers), *(",".join(cell(v) for v in r) for r in rows)]), encoding="utf-8")
    data = {"exportedAt": "2024-06-02T04:26:40.000Z", "count": len(contacts), "contacts": [
        {"username": c["username"], "displayName": c["displayName"], "remark": c["remark"], "nickname": c["nickname"],
         "alias": c["alias"], "labels": c["labels"], "description": c["description"],
         "signature": c["detailDescription"], "detailDescription": c["detailDescription"], "region": c["region"],
         "type": c["type"], "typeLabel": "好友"} for c in contacts]}  # officialAccountKind/Type: undefined, dropped
    (out / f"contacts_{stamp}.json").write_text(_js_json(data), encoding="utf-8")
    cards = []
    for c in contacts:
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{c['displayName'] or c['username']}"]
        if c["nickname"]:
            lines.append(f"NICKNAME:{c['nickname']}")
        note = [c["remark"] or "", f"标签: {', '.join(c['labels'])}" if c["labels"] else "",
                f"描述: {c['description']}" if c["description"] else "",
                f"个性签名: {c['detailDescription']}" if c["detailDescription"] else "",
                f"地区: {c['region']}" if c["region"] else ""]
        note = [n for n in note if n]
        if note:
            lines.append("NOTE:" + "\\n".join(note))
        lines += [f"X-WECHAT-ID:{c['username']}", "END:VCARD"]
        cards.append("\r\n".join(lines))
    (out / f"contacts_{stamp}.vcf").write_text("\r\n\r\n".join(cards), encoding="utf-8")


def weflow(acct, out: Path, styles: str = "") -> None:
    db = Account(acct)
    (out / "weclone").mkdir()
    (out / "arkme").mkdir()
    for session in acct.CHATS:
        name = db.base_name(session)
        (out / f"{name}.json").write_text(weflow_json(db, session), encoding="utf-8")
        (out / f"{name}.txt").write_text(weflow_txt(db, session), encoding="utf-8")
        (out / f"{name}.md").write_text(weflow_markdown(db, session), encoding="utf-8")
        (out / f"{name}.html").write_text(weflow_html(db, session, styles), encoding="utf-8")
        weflow_xlsx(db, session, out / f"{name}.xlsx")
        (out / "weclone" / f"{name}.csv").write_text(weflow_weclone(db, session), encoding="utf-8")
        (out / "chatlab").mkdir(exist_ok=True)
        (out / "chatlab" / f"{name}.json").write_text(weflow_chatlab(db, session, False), encoding="utf-8")
        (out / "chatlab" / f"{name}.jsonl").write_text(weflow_chatlab(db, session, True), encoding="utf-8")
        if session.endswith("@chatroom"):
            (out / "arkme" / f"{name}.json").write_text(weflow_json(db, session, arkme=True), encoding="utf-8")
    weflow_contacts(db, out, "2024-06-02T04-26-40")


# ---------------------------------------------------------------------------------------------------
def _echo_info(db: Account, wxid: str) -> dict:  # _getContactInfo: remark / nickname / alias
    c = db.contacts.get(wxid, {})
    return {"remark": c.get("remark", ""), "nickname": c.get("nickName", ""), "alias": c.get("alias", "")}


def _remark_or_alias(info: dict) -> str:  # _getRemarkOrAlias
    return info.get("remark") or info.get("nickname") or info.get("alias") or ""


def _preferred_name(info: dict, fallback: str) -> str:  # _resolvePreferredName
    return info.get("remark") or info.get("nickname") or info.get("alias") or fallback


def echotrace_json(db: Account, session: str) -> str:
    is_group = session.endswith("@chatroom")
    info = _echo_info(db, session)
    display = db.display(session)  # session.displayName
    my_display = _preferred_name(_echo_info(db, db.me), db.me)  # _buildMyDisplayName
    items = []
    for m in db.rows(session):
        if m["isSend"]:
            name = my_display
        elif is_group:
            name = db.display(m["senderUsername"]) or "群成员"  # senderDisplayNames[...]
        else:
            name = _preferred_name(info, display)
        wxid = db.me if m["isSend"] else (m["senderUsername"] if is_group else session)
        items.append({"localId": m["localId"], "createTime": m["createTime"],
                      "formattedTime": format_timestamp(m["createTime"]), "type": "文本消息", "localType": 1,
                      "content": m["content"], "isSend": m["isSend"], "senderUsername": wxid or None,
                      "senderDisplayName": name, "source": "", "senderAvatarKey": wxid})
    data = {"session": {"wxid": session, "nickname": info["nickname"] or display, "remark": _remark_or_alias(info),
                        "displayName": display, "type": "群聊" if is_group else "私聊",
                        "lastTimestamp": items[-1]["createTime"], "messageCount": len(items)},
            "messages": items, "avatars": {}}
    if is_group:  # _getGroupMemberExportData
        members = []
        for wxid in dict.fromkeys(m["senderUsername"] for m in db.rows(session) if not m["isSend"]):
            i = _echo_info(db, wxid)
            members.append({"username": wxid, "remark": i["remark"] or None,
                            "originalName": i["nickname"] or i["alias"] or wxid})
        data["groupMembers"] = members
    data["exportTime"] = "2024-06-02T12:26:40.000"
    return json.dumps(data, ensure_ascii=False, indent=2)  # JsonEncoder.withIndent('  ')


def echotrace_xlsx(db: Account, session: str, path: Path) -> None:
    is_group = session.endswith("@chatroom")
    info = _echo_info(db, session)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "聊天记录"
    ws.cell(1, 1, "会话信息")
    for col, value in enumerate(("微信ID", session, "昵称", info["nickname"] or "", "备注", _remark_or_alias(info)), 1):
        ws.cell(2, col, value)
    for col, value in enumerate(("序号", "时间", "发送者昵称", "发送者微信ID", "发送者备注", "发送者身份", "消息类型", "内容"), 1):
        ws.cell(4, col, value)
    me_info = _echo_info(db, db.me)
    for i, m in enumerate(db.rows(session)):
        if m["isSend"]:
            role, wxid, nickname, remark = "我", db.me, _preferred_name(me_info, db.me), _remark_or_alias(me_info)
        elif is_group:
            role = db.display(m["senderUsername"]) or "群成员"
            sinfo = _echo_info(db, m["senderUsername"])
            wxid, nickname, remark = m["senderUsername"], _preferred_name(sinfo, role), _remark_or_alias(sinfo)
        else:
            role = db.display(session)
            wxid, nickname, remark = session, _preferred_name(info, role), _remark_or_alias(info)
        for col, value in enumerate((i + 1, format_timestamp(m["createTime"]), nickname, wxid, remark, role,
                                     "文本消息", m["content"]), 1):
            ws.cell(5 + i, col, value)
    _fixed_times(wb)
    wb.save(path)


def echotrace_html(db: Account, session: str, styles: str) -> str:
    """exportToHtml -> _buildHtmlMessageData, _generateHtmlFromData (no avatars, no media)."""
    is_group = session.endswith("@chatroom")
    info = _echo_info(db, session)
    display = db.display(session)
    my_display = _preferred_name(_echo_info(db, db.me), db.me)
    data = []
    for m in db.rows(session):
        day, clock = format_timestamp(m["createTime"]).split(" ")
        if m["isSend"]:
            name = my_display
        elif is_group:
            name = db.display(m["senderUsername"]) or "群成员"
        else:
            name = _preferred_name(info, display)
        data.append({"date": day, "time": clock, "timeTooltip": f"{day} {clock}", "isSend": bool(m["isSend"]),
                     "isMedia": False, "content": _html(m["content"]), "senderName": name,
                     "timestamp": m["createTime"], "avatarKey": None})
    lines = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '  <meta charset="UTF-8">',
             '  <meta name="viewport" content="width=device-width, initial-scale=1.0">',
             f"  <title>{_html(display)} - 聊天记录</title>", "  <style>", styles, "  </style>", "</head>", "<body>",
             '  <div class="container">', '    <div class="header">', '      <div class="header-main">',
             f"        <h1>{_html(display)}</h1>"]
    nickname, remark = info["nickname"] or "", _remark_or_alias(info)
    lines += ['        <button class="info-menu-btn" id="info-menu-btn" type="button" title="查看详细信息">',
              '          <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
              'stroke-width="2">', '            <circle cx="12" cy="12" r="1"></circle>',
              '            <circle cx="12" cy="5" r="1"></circle>', '            <circle cx="12" cy="19" r="1"></circle>',
              "          </svg>", "        </button>", "      </div>", '      <div class="info-menu" id="info-menu">',
              '        <div class="info-menu-content">']
    for label, value in (("微信ID", session), ("昵称", nickname), ("备注", remark)):
        if value:
            lines += ['          <div class="info-item">', f'            <span class="info-label">{label}</span>',
                      f'            <span class="info-value">{_html(value)}</span>', "          </div>"]
    lines += ["        </div>", "      </div>", '      <div class="info">',
              f"        <span>{'群聊' if is_group else '私聊'}</span>", f"        <span>共 {len(data)} 条消息</span>",
              "        <span>导出时间: 2024-06-02 12:26:40</span>", "      </div>", "    </div>",
              '    <div class="messages" id="messages-container">', '      <div class="loading">正在加载消息...</div>',
              "    </div>", '    <div class="scroll-to-bottom" id="scroll-to-bottom" title="回到底部">↓</div>',
              "  </div>", "  <script>",
              f"    const messagesData = {json.dumps(data, ensure_ascii=False, separators=(',', ':'))};",
              "    const avatarIndex = {};", "    const INITIAL_BATCH = 100; // 首次加载最新100条",
              "    const BATCH_SIZE = 200; // 后续每批200条",
              "    /* the rest of the page script (rendering, scrolling): no data */", "  </script>", "</body>",
              "</html>"]
    return "\n".join(lines) + "\n"


def echotrace(acct, out: Path, styles: str = "") -> None:
    db = Account(acct)
    for n, session in enumerate(acct.CHATS):
        stem = f"{db.display(session)}_聊天记录_{1717302400000 + n}"
        (out / f"{stem}.html").write_text(echotrace_html(db, session, styles), encoding="utf-8")
        (out / f"{stem}.json").write_text(echotrace_json(db, session), encoding="utf-8")
        echotrace_xlsx(db, session, out / f"{stem}.xlsx")
