"""Names written in Latin letters (Telegram first/last names, pinyin nicknames, WhatsApp saved names, vCard FN)
are replaced like any other name: in their own fields, where a message mentions them, and in file names.

Before, a text with no digit, `@` or Han character never reached the analyzer, so the scan found these names and
the copy kept them (its own re-scan failed)."""

import json
import re

import pytest
from redact_helpers import copy_texts, leaks

from handover_scan.redact import RedactOptions, redact
from handover_scan.scan import ScanOptions, scan

KEY = b"latin-test-key"


def _telegram(first, last, friend_first, friend_last):
    export = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 777, "first_name": first, "last_name": last, "phone_number": "",
                                 "username": "", "bio": ""},
        "contacts": {"about": "", "list": [{"user_id": 5, "first_name": friend_first, "last_name": friend_last,
                                            "phone_number": "", "date": "2024-03-01T09:00:00",
                                            "date_unixtime": "1709254800"}]},
        "chats": {"about": "", "list": [{"name": f"{friend_first} {friend_last}", "type": "personal_chat", "id": 5,
                                         "messages": [
            {"id": 1, "type": "message", "date": "2024-03-01T09:00:00", "date_unixtime": "1709254800",
             "from": f"{friend_first} {friend_last}", "from_id": "user5", "text": f"{friend_first} here, see you soon",
             "text_entities": [{"type": "plain", "text": f"{friend_first} here, see you soon"}]},
            {"id": 2, "type": "message", "date": "2024-03-01T09:01:00", "date_unixtime": "1709254860",
             "from": f"{first} {last}", "from_id": "user777", "text": "ok", "text_entities": []}]}]}}
    text = json.dumps(export, ensure_ascii=False, indent=1)
    return {"result.json": text.replace('"about": "Here is', '"about": "\\x01Here is').encode()}


def _whatsapp(name, mention):
    return {f"WhatsApp Chat with {name}.txt": (
        "03/01/2024, 09:00 - Messages and calls are end-to-end encrypted.\n"
        f"03/01/2024, 09:01 - {name}: {mention} will bring the order\n"
        "03/01/2024, 09:02 - 我: 好的\n").encode()}


def _vcf(name, mention):
    return {"contacts_2024-03-01T09-00-00.vcf": (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:{name.split()[1]};{name.split()[0]};;;\r\n"
        f"NOTE:{mention} prefers mornings\r\nEND:VCARD\r\n").encode()}


# files, the names planted, how many people they belong to
CASES = {
    "telegram": (_telegram("Xiaomei", "Zhao", "Yiling", "Qian"), ["Xiaomei", "Zhao", "Yiling", "Qian"], 2),
    "whatsapp": (_whatsapp("Haoran Feng", "Haoran"), ["Haoran", "Feng"], 1),
    "vcf": (_vcf("Ruoxi Tang", "Ruoxi"), ["Ruoxi", "Tang"], 1),
}
PSEUDONYM = re.compile(r"客户\d{6}")


@pytest.mark.parametrize("family", sorted(CASES))
def test_latin_names_are_replaced_everywhere_and_the_copy_passes(tmp_path, family):
    files, names, people = CASES[family]
    source = tmp_path / "in"
    source.mkdir()
    for name, data in files.items():
        (source / name).write_bytes(data)
    original = scan([source], ScanOptions(key=KEY))
    found = {f.value for f in original.findings if f.entity_type == "PERSON" and f.score >= 0.5}
    assert set(names) & {part for value in found for part in value.split()}, found  # the scan does find them
    outcome = redact([source], tmp_path / "out", RedactOptions(key=KEY))
    assert outcome.exit_code == 0, outcome.summary
    assert outcome.report["verification"]["passed"] is True
    assert leaks(tmp_path / "out", names) == []
    assert outcome.report["replaced_by_type"].get("PERSON", 0) >= 2
    texts = [t for forms in copy_texts(tmp_path / "out").values() for t in forms]
    # one stand-in per person: given name, surname, whole name and the vCard N all get the person's pseudonym
    assert len({p for t in texts for p in PSEUDONYM.findall(t)}) == people
    assert not any(re.search(r"客户\d{6} 客户\d{6}", t) for t in texts)  # Haoran Feng is one name, not two
