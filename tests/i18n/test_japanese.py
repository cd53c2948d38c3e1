"""The desk speaks Japanese: a complete, compiled catalogue and a working language switcher."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def po_entries():
    """(msgid, msgid_plural, [msgstr...], fuzzy) for each live entry of the .po file (no gettext needed)."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            msgstrs = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((fields["msgid"], fields.get("msgid_plural"), msgstrs, fuzzy))
    return entries


def test_it_translates_every_string_of_the_catalogue():
    entries = po_entries()

    assert len(entries) > 500
    untranslated = [msgid for msgid, _plural, msgstrs, fuzzy in entries if fuzzy or not all(msgstrs)]
    assert untranslated == []


def test_it_ships_the_compiled_catalogue_matching_the_po_file():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    stale = []
    for msgid, plural, msgstrs, _fuzzy in po_entries():
        compiled = catalogue.ngettext(msgid, plural, 1) if plural else catalogue.gettext(msgid)
        if compiled != msgstrs[0]:
            stale.append(msgid)
    assert stale == [], "run `python manage.py compilemessages -l ja` and commit django.mo"


def test_it_keeps_placeholders_in_every_translation():
    placeholder = re.compile(r"%\(\w+\)s|\{\w*\}")
    broken = [
        msgid
        for msgid, plural, msgstrs, _fuzzy in po_entries()
        if sorted(set(placeholder.findall(msgid + (plural or "")))) != sorted(set(placeholder.findall(msgstrs[0])))
    ]
    assert broken == []


def switch_to_japanese(client, next_url):
    response = client.post("/i18n/setlang/", {"language": "ja", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return client.get(next_url)


@pytest.mark.django_db
def test_it_shows_the_dashboard_in_japanese_after_switching(client, editor, make_claim):
    make_claim(statement="イスカンデルが配備された")
    client.force_login(editor)
    assert "Dashboard" in client.get("/desk/").content.decode()

    response = switch_to_japanese(client, "/desk/")

    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "ダッシュボード" in html
    assert "自分の下書き" in html
    assert "状態別の主張" in html
    assert "ログアウト" in html
    assert "eddie でログイン中" in html
    assert "My drafts" not in html
    assert '<option value="ja" selected>日本語</option>' in html


@pytest.mark.django_db
def test_it_shows_the_claim_list_in_japanese_after_switching(client, editor, make_claim):
    make_claim(statement="イスカンデルが配備された")
    client.force_login(editor)

    response = switch_to_japanese(client, "/desk/claims/")

    html = response.content.decode()
    assert "主張を絞り込む" in html
    assert "発言者" in html
    assert "下書き" in html
    assert "イスカンデルが配備された" in html
    assert "Filter claims" not in html


@pytest.mark.django_db
def test_it_keeps_english_as_the_default(client, editor):
    client.force_login(editor)

    html = client.get("/desk/").content.decode()

    assert '<html lang="en">' in html
    assert "Dashboard" in html


@pytest.mark.django_db
def test_it_shows_the_lockout_page_in_japanese(client, editor):
    client.post("/i18n/setlang/", {"language": "ja", "next": "/accounts/login/"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "eddie", "password": "guess-123456"})

    html = response.content.decode()
    assert response.status_code == 429
    assert "ログインは一時的にロックされています" in html
    assert "5 回続けて失敗しました" in html
    assert "30 分後にもう一度お試しください。" in html


@pytest.mark.django_db
def test_it_explains_a_wrong_password_in_japanese(client, editor):
    client.post("/i18n/setlang/", {"language": "ja", "next": "/accounts/login/"})

    html = client.post("/accounts/login/", {"username": "eddie", "password": "nope-nope-nope"}).content.decode()

    assert "デスクにログイン" in html
    assert "正しいユーザー名とパスワードを入力してください" in html
