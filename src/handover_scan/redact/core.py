"""Write the redacted copy: walk the input, detect each file's layout, rewrite it in its own format.

Files the readers cannot rewrite (media, databases, unknown binaries, anything that fails) are withheld:
left out of the copy and listed. Nothing is written outside `out`; the input is only read.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from handover_scan.exports import ExportError, SkippedFile, UndecodableFile, detect, printable
from handover_scan.exports.archive import is_zip, ooxml_kind
from handover_scan.exports.base import Source
from handover_scan.redact.archive import rebuild_zip
from handover_scan.redact.csvfile import iter_rewrite_csv
from handover_scan.redact.docxfile import rewrite_docx
from handover_scan.redact.jsonfile import rewrite_json
from handover_scan.redact.policy import Replacer
from handover_scan.redact.pseudonym import tag
from handover_scan.redact.textfile import iter_rewrite_text
from handover_scan.redact.vcffile import rewrite_vcf
from handover_scan.redact.webfile import rewrite_html, rewrite_js
from handover_scan.redact.xlsxfile import rewrite_xlsx

def _describe(exc: BaseException) -> str:
    """A failure as one line that never quotes file content (reader errors are worded that way already)."""
    if isinstance(exc, (ExportError, UndecodableFile)):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or type(exc).__name__}"
    return f"rewrite failed ({type(exc).__name__})"


@dataclass
class FileOutcome:
    """One input file as the report shows it: by its path in the copy (original names carry names)."""

    copy: str
    format: str = ""
    replaced: Counter = field(default_factory=Counter)
    withheld: str = ""
    error: str = ""


def family(format_id: str) -> str:
    """Which writer rewrites a detected format id."""
    if format_id == "generic-docx":
        return "docx"
    if format_id.endswith("-xlsx"):
        return "xlsx"
    if format_id.endswith("-vcf"):
        return "vcf"
    if format_id.endswith("-csv"):
        return "csv"
    if format_id.endswith("-html"):
        return "html"
    if format_id.endswith("-js"):
        return "js"
    if format_id.endswith("-json") or format_id == "generic-jsonl":
        return "json"
    return "text"


def rewrite(source: Source, format_id: str, replacer: Replacer, sink: BinaryIO) -> None:
    """Write the rewritten file into sink. CSV and text stream block by block; the other families are
    rewritten whole (their parsers need the whole document)."""
    kind = family(format_id)
    if kind in ("csv", "text"):
        encoder = codecs.getincrementalencoder(source.encoding)()  # writes a BOM once where the original had one
        with source.open_text(newline="") as stream:
            pieces = (iter_rewrite_csv(stream, source.head_text(), replacer, format_id) if kind == "csv" else
                      iter_rewrite_text(stream, replacer, markdown=format_id.endswith("-md")))
            for piece in pieces:
                sink.write(encoder.encode(piece))
        sink.write(encoder.encode("", final=True))
        return
    with source.opener() as stream:
        data = stream.read()
    if kind == "xlsx":
        sink.write(rewrite_xlsx(data, replacer))
        return
    if kind == "docx":
        sink.write(rewrite_docx(data, replacer))
        return
    encoding = source.encoding
    text = data.decode(encoding, errors="replace" if source.cache.get("undecodable") else "strict")
    if kind == "json":
        new = rewrite_json(text, replacer)
    elif kind == "html":
        new = rewrite_html(text, replacer)
    elif kind == "js":
        new = rewrite_js(text, replacer)
    else:
        new = rewrite_vcf(text, replacer)
    sink.write(new.encode(encoding))


# The last suffix only: `WhatsApp Chat with lily.w88@example.cn.txt` keeps the e-mail address in its stem
# (from the first dot on, `.w88@example.cn.txt` would have been kept as the "extension", raw).
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")
_LABELLED_TAG = re.compile(r"\[[^\]·]*·([^\]]*)\]")


class CopyWriter:
    """Rewrites files into the copy; outcomes[] lists every input file (written, withheld or failed)."""

    def __init__(self, replacer: Replacer):
        self.replacer = replacer
        self.outcomes: list[FileOutcome] = []
        self.names: Counter = Counter()  # replacements made in file and folder names
        self._renamed: dict[str, str] = {}
        self.prefix = ""  # the copy root's folder inside --out when several inputs are given ("name/")

    # -- names ------------------------------------------------------------------------------------
    def rename_part(self, part: str) -> str:
        """One file or folder name with the values in it replaced; the extension kept (readers go by content,
        a few by an extension or a word like Contacts, which carries no value). A name that got a typed
        placeholder also gets a keyed tag, so two files never land on one name ([手机号]·甲子丙寅卯辰.txt)."""
        if part in self._renamed:
            return self._renamed[part]
        saved, self.replacer.counts = self.replacer.counts, Counter()
        ext = _EXTENSION.search(part[1:])
        stem, ext = (part[:ext.start() + 1], ext.group()) if ext else (part, "")
        new_stem = self.replacer.text(stem, "filename")
        # a keyed id tag keeps only its letters in a name: its label (微信号) would be the context that makes
        # the rest of the name (pywxdump_) read as an account id when the copy is scanned again
        new_stem = _LABELLED_TAG.sub(r"[\1]", new_stem)
        if new_stem != stem and "[" in new_stem:
            new_stem += "·" + tag(self.replacer.key, "file name", stem)
        self.names.update(self.replacer.counts)
        self.replacer.counts = saved
        new = (new_stem + ext).replace("/", "_") or "_"
        self._renamed[part] = new
        return new

    def rename(self, relpath: str) -> str:
        """A reported path (`a/b.zip!c/d.csv`) with every part renamed."""
        return "!".join("/".join(self.rename_part(p) for p in side.split("/")) for side in relpath.split("!"))

    # -- files ------------------------------------------------------------------------------------
    def withhold(self, relpath: str, reason: str) -> None:
        self.outcomes.append(FileOutcome(self.prefix + self.rename(relpath), withheld=reason))

    def process(self, source: Source, depth: int = 1) -> bytes | None:
        """The new bytes of an archive member, or None when it is withheld (then listed)."""
        buffer = io.BytesIO()
        return buffer.getvalue() if self.process_into(source, buffer, depth) else None

    def process_into(self, source: Source, sink: BinaryIO, depth: int = 1) -> bool:
        """Write the new file into sink; False when it is withheld (then listed; sink holds nothing usable)."""
        outcome = FileOutcome(self.prefix + self.rename(source.relpath))
        saved, self.replacer.counts = self.replacer.counts, Counter()
        try:
            head = source.head_bytes()
            if is_zip(head) and ooxml_kind(source) is None:
                data = rebuild_zip(source, depth, self.process, lambda n: self.rename(n), self.withhold)
                if data is not None:
                    sink.write(data)
                return data is not None
            reader = detect(source)
            if isinstance(reader, SkippedFile):
                outcome.withheld = reader.reason
                return False
            outcome.format = reader.format_id
            rewrite(source, reader.format_id, self.replacer, sink)
            return True
        except Exception as exc:  # noqa: BLE001 - one file's failure is withheld and listed, the rest goes on
            outcome.error = _describe(exc)
            outcome.withheld = "could not be rewritten: " + outcome.error
            return False
        finally:
            outcome.replaced = self.replacer.counts
            self.replacer.counts = saved
            if not (outcome.format == "" and not outcome.withheld and not outcome.error):
                self.outcomes.append(outcome)  # an archive lists its members instead of itself

    def copy_tree(self, root: Path, target: Path) -> None:
        """Every file under root (or root itself) into target, names renamed."""
        if root.is_file():
            self._copy_file(root, printable(root.name), target)
            return
        for folder, dirs, files in os.walk(root, followlinks=False):
            base = Path(folder)
            for name in sorted(dirs):
                if (base / name).is_symlink():
                    self.withhold(_rel(base / name, root), "symbolic link to a folder not copied")
            dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
            for name in sorted(files):
                path = base / name
                rel = _rel(path, root)
                if path.is_symlink():
                    self.withhold(rel, "symbolic link not copied")
                elif not stat.S_ISREG(path.lstat().st_mode):
                    self.withhold(rel, "not a regular file")
                else:
                    self._copy_file(path, rel, target / self.rename(rel))

    def _copy_file(self, path: Path, rel: str, destination: Path) -> None:
        source = Source(rel, lambda: open(path, "rb"), path.stat().st_size)
        try:
            sink = open_private(destination)
        except OSError as exc:  # e.g. a name the file system refuses: listed, never silently dropped
            self.withhold(rel, f"could not be written: {exc.strerror or type(exc).__name__}")
            return
        with sink:
            written = self.process_into(source, sink)
        if not written:
            destination.unlink(missing_ok=True)  # a withheld or failed file leaves nothing half-written


def _rel(path: Path, root: Path) -> str:
    return printable(path.relative_to(root).as_posix())


def make_private_dir(path: Path) -> None:
    """path and any missing folder above it, each 0700 (mkdir(parents=True) would give parents the umask)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)


def open_private(path: Path) -> BinaryIO:
    """A new file, 0600 from its first byte, in 0700 folders; never over an existing file or through a link."""
    make_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    return os.fdopen(fd, "wb")


def write_private(path: Path, data: bytes) -> None:
    with open_private(path) as stream:
        stream.write(data)
