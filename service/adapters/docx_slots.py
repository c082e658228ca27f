"""A document compressed ahead of its number: the register's write lock only assembles bytes.

The register renders a document before its number is known, with a random token where the
number goes (`NumberedDraft`). `prepare` compresses every part then: a part that holds the
token is cut at each occurrence and its pieces are compressed apart, each ending on a full
flush (byte-aligned, its dictionary reset, so no later piece refers back across a cut).
`SlottedDocument.fill` then writes the number into each cut as a stored (uncompressed)
deflate block and joins the pieces: a valid deflate stream of exactly the text rendered with
the number, built with no compression and no call that lets another thread take the
interpreter (zlib and hashlib give it up on large buffers, and in a busy worker it can take
milliseconds to come back; the lock's holder must not wait for it). The part's CRC is
combined from each piece's own CRC (`crc_extend`), so a draft keeps no uncompressed text:
about 12 KB for a quyết định khen thưởng instead of 33, which counts when a numbered batch
of thousands holds every draft until its transaction.

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
_ZEROS = bytes(_CHUNK)


def _crc_of_zeros(n: int, crc: int = 0) -> int:
    """zlib.crc32 of n zero bytes continuing `crc`, in pieces that keep the interpreter lock."""
    for _ in range(n // _CHUNK):
        crc = zlib.crc32(_ZEROS, crc)
    return zlib.crc32(_ZEROS[: n % _CHUNK], crc)


def crc_extend(crc: int, text_crc: int, zeros_crc: int, n: int) -> int:
    """zlib.crc32(text, crc) without the text: from its own CRC (`text_crc`), its length `n`
    and the CRC of n zero bytes (`zeros_crc`). The CRC is affine in its starting value, so
    crc32(T, c) = crc32(0ⁿ, c) ^ crc32(0ⁿ, 0) ^ crc32(T, 0). A draft then keeps only its
    compressed pieces, not their text (a numbered batch holds thousands of drafts).

    >>> a, t = "Số: ".encode(), "/QĐ-UBND ngày 10 tháng 3".encode() * 300
    >>> c = zlib.crc32(a)
    >>> crc_extend(c, zlib.crc32(t), _crc_of_zeros(len(t)), len(t)) == zlib.crc32(a + t)
    True
    """
    return _crc_of_zeros(n, crc) ^ zeros_crc ^ text_crc


@dataclass(frozen=True)
class _Slotted:
    """One part cut at its slots: compressed pieces, and the CRC and length of each piece's
    text (with the CRC of as many zeros, see `crc_extend`)."""

    name: bytes
    pieces: tuple[bytes, ...]  # one more than the slots
    crcs: tuple[tuple[int, int, int], ...]  # per piece: (crc32 of its text, of its zeros, length)
    size: int  # of the texts together

    def fill(self, value: bytes) -> Member:
        if len(value) > 0xFFFF:
            raise ValueError("a slot's value must fit one stored block")
        stored = b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF) + value
        crc = 0
        for i, (text_crc, zeros_crc, n) in enumerate(self.crcs):
            if i:
                crc = zlib.crc32(value, crc)
            crc = crc_extend(crc, text_crc, zeros_crc, n)
        size = self.size + (len(self.crcs) - 1) * len(value)
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
            crcs = tuple((_crc(t), _crc_of_zeros(len(t)), len(t)) for t in texts)
            members.append(_Slotted(name.encode("utf-8"), tuple(pieces), crcs, size))
        else:
            members.append(deflate(name, part))
    return SlottedDocument(tuple(members))


def _crc(text: bytes) -> int:
    crc = 0
    for start in range(0, len(text), _CHUNK):
        crc = zlib.crc32(text[start : start + _CHUNK], crc)
    return crc
