"""A document compressed ahead of its number: the register's write lock only assembles bytes.

The register renders a document before its number is known, with a random token where the
number goes (`NumberedDraft`). `prepare` compresses every part then: a part that holds the
token is cut at each occurrence and its pieces are compressed apart, each ending on a full
flush (byte-aligned, its dictionary reset, so no later piece refers back across a cut).
`SlottedDocument.fill` then writes the number into each cut as a stored (uncompressed)
deflate block and joins the pieces: a valid deflate stream of exactly the text rendered with
the number, built with no compression and no call that lets another thread take the
interpreter (zlib and hashlib give it up on large buffers, and in a busy worker it can take
milliseconds to come back; the lock's holder must not wait for it).

    >>> parts = [("word/document.xml", b"<w:t>So: TOKEN/KH</w:t><w:t>TOKEN</w:t>")]
    >>> doc = prepare(parts, b"TOKEN")
    >>> import io, zipfile
    >>> zipfile.ZipFile(io.BytesIO(doc.fill(b"05"))).read("word/document.xml")
    b'<w:t>So: 05/KH</w:t><w:t>05</w:t>'
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from service.adapters.docx_render import Member, deflate, write_zip

_CHUNK = 4096  # zlib.crc32 keeps the interpreter lock below 5 KiB


@dataclass(frozen=True)
class _Slotted:
    """One part cut at its slots: compressed pieces and the text between the slots."""

    name: bytes
    pieces: tuple[bytes, ...]  # one more than the slots
    texts: tuple[bytes, ...]  # the uncompressed text of each piece, for the CRC
    size: int  # of the texts together

    def fill(self, value: bytes) -> Member:
        if len(value) > 0xFFFF:
            raise ValueError("a slot's value must fit one stored block")
        stored = b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF) + value
        crc = 0
        for i, text in enumerate(self.texts):
            if i:
                crc = zlib.crc32(value, crc)
            for start in range(0, len(text), _CHUNK):
                crc = zlib.crc32(text[start : start + _CHUNK], crc)
        size = self.size + (len(self.texts) - 1) * len(value)
        return Member(self.name, 8, crc, stored.join(self.pieces), size)


@dataclass(frozen=True)
class SlottedDocument:
    """Every member of a .docx compressed, the slotted parts waiting for their value."""

    members: tuple[Member | _Slotted, ...]

    @property
    def slots(self) -> int:
        """How many places wait for the value, in every part."""
        return sum(len(m.pieces) - 1 for m in self.members if isinstance(m, _Slotted))

    def fill(self, value: bytes) -> bytes:
        """The .docx with `value` (plain text, no markup characters) in every slot."""
        return write_zip([m.fill(value) if isinstance(m, _Slotted) else m for m in self.members])


def prepare(parts: list[tuple[str, Member | bytes]], token: bytes) -> SlottedDocument:
    """Compress rendered parts (see `CompiledTemplate.render_parts`), cutting at `token`."""
    members: list[Member | _Slotted] = []
    for name, part in parts:
        if isinstance(part, Member):
            members.append(part)
        elif token in part:
            texts = part.split(token)
            comp = zlib.compressobj(1, zlib.DEFLATED, -15)  # the level `deflate` uses
            pieces = [comp.compress(t) + comp.flush(zlib.Z_FULL_FLUSH) for t in texts[:-1]]
            pieces.append(comp.compress(texts[-1]) + comp.flush())
            size = sum(len(t) for t in texts)
            members.append(_Slotted(name.encode("utf-8"), tuple(pieces), tuple(texts), size))
        else:
            members.append(deflate(name, part))
    return SlottedDocument(tuple(members))
