"""Download names are cut between words, never inside a word or a number (issue 12, point 8)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.kinds import KINDS
from service.domain.text import shorten
from service.domain.vn_format import ten_tep, ten_tep_ascii

TRICH_YEU = (
    "Về việc khen thưởng các tập thể và cá nhân đã có thành tích xuất sắc trong phong trào "
    "thi đua năm 2024 với tổng số tiền thưởng 125.000.000 đồng"
)


def _whole_words(name: str, source: str) -> bool:
    words = source.split()
    got = name.rstrip("…").split()
    return got == words[: len(got)]


@pytest.mark.parametrize("kind_id", list(KINDS))
@pytest.mark.parametrize("extra", range(0, 60, 7))
def test_kind_file_name_ends_on_a_whole_word(kind_id, extra):
    trich_yeu = "x" * extra + " " + TRICH_YEU
    name = KINDS[kind_id].ten_tep({"so": 12, "ky_hieu": "QĐ-UBND", "trich_yeu": trich_yeu})
    title = name.split(" - ", 2)[-1]
    assert _whole_words(title, trich_yeu), name


@given(st.lists(st.from_regex(r"[A-Za-zĐđêôơư0-9.,]{1,14}", fullmatch=True), min_size=1, max_size=40))
def test_shorten_keeps_whole_words(words):
    text = " ".join(words)
    for limit in (10, 37, 80):
        out = shorten(text, limit)
        assert len(out) <= limit
        if len(words[0]) < limit - 1:
            body = out.removesuffix("…")
            assert text.startswith(body)
            assert body == text or text[len(body)] == " " or text[len(body)] in ",.;:"


def test_long_names_are_cut_between_words_in_both_forms():
    name = ten_tep("Kế hoạch", "05/KH-UBND", "Triển khai " * 20 + "năm 2024-2025 và 1.250.000 đồng " * 5)
    assert len(name) <= 150 and not name.endswith(("Triể", "1.2", "20"))
    assert _whole_words(name.split(" - ", 2)[-1], "Triển khai " * 20 + "năm 2024-2025 và 1.250.000 đồng " * 5)
    ascii_name = ten_tep_ascii("Quyet dinh so " + "123456 " * 40)
    assert len(ascii_name) <= 150 and ascii_name.endswith("123456")


def test_download_header_of_a_long_title_ends_on_a_word(client, fixture_data):
    data = fixture_data("quyet-dinh-khen-thuong")
    data["trich_yeu"] = TRICH_YEU
    resp = client.post("/api/v1/documents/quyet-dinh-khen-thuong", json=data)
    assert resp.status_code == 200
    from urllib.parse import unquote

    header = resp.headers["Content-Disposition"]
    utf8 = unquote(header.split("filename*=UTF-8''", 1)[1]).removesuffix(".docx")
    assert _whole_words(utf8.split(" - ", 2)[-1], TRICH_YEU), utf8
