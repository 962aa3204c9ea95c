"""The article index follows kb/: at start, incrementally, into search; and the kb commands."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from portal.db import db
from portal.kb.catalog import article_files
from portal.kb.cli import kb
from portal.kb.models import KbArticle, KbArticleTag, KbCategory
from portal.kb.sync import sync_index
from portal.search.models import SearchDocument

FIXTURE = Path(__file__).resolve().parent.parent / "kb_fixture"
# The regulation section the app writes from its preset: six articles in two languages.
GENERATED = 12


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def app_config(app_config, kb_dir):
    return {**app_config, "KB_DIR": str(kb_dir)}


@pytest.fixture
def connected(app):
    with app.app_context():
        db.connect(reuse_if_open=True)
        yield app
        db.close()


def indexed_paths() -> list[str]:
    return sorted(row.path for row in KbArticle.select(KbArticle.path))


def search_refs() -> set[str]:
    from portal.search.index import indexed_refs

    return indexed_refs("article")


def bump(file: Path) -> None:
    """Give the file a new modification time, as an editor would."""
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_the_app_start_fills_the_index_and_the_search(app, app_config, kb_dir):
    from portal import create_app

    app = create_app({**app_config, "KB_SYNC_ON_START": True})
    with app.app_context():
        db.connect(reuse_if_open=True)
        files = ["basics/first-steps.en.md", "basics/first-steps.md", "howto/export.md"]
        # Beside the files: the regulation section, written from the active (demo) preset.
        regulation = [p for p in indexed_paths() if p.startswith("regulation/")]
        assert len(regulation) == GENERATED and "regulation/prices.en.md" in regulation
        expected = sorted(files + regulation)
        assert indexed_paths() == expected
        assert search_refs() == set(expected)
        # Both versions of an article share one family in the search index.
        families = {d.ref: d.family for d in SearchDocument.select()}
        assert families == {path: path.replace(".en.md", ".md") for path in expected}
        assert sorted(c.slug for c in KbCategory.select()) == ["basics", "howto", "regulation"]
        article = KbArticle.get(KbArticle.path == "howto/export.md")
        assert article.products == "crm desk" and article.word_count >= 250
        assert {t.tag for t in KbArticleTag.select().where(KbArticleTag.article == article)} == {
            "данные",
            "начало работы",
        }
        db.close()


def test_tests_do_not_sync_at_start_unless_asked(app):
    with app.app_context():
        db.connect(reuse_if_open=True)
        assert KbArticle.select().count() == 0
        db.close()


def test_a_bad_article_is_logged_and_skipped_at_start(app, app_config, kb_dir, caplog):
    from portal import create_app

    (kb_dir / "howto" / "broken.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="portal.kb"):
        app = create_app({**app_config, "KB_SYNC_ON_START": True})
    assert "kb: skipped howto/broken.md:3: YAML:" in caplog.text
    with app.app_context():
        db.connect(reuse_if_open=True)
        assert KbArticle.select().count() == 3 + GENERATED
        db.close()


def test_sync_is_incremental(connected, kb_dir):
    first = sync_index(kb_dir)
    assert sorted(first.added) == indexed_paths() and first.unchanged == 0
    again = sync_index(kb_dir)
    assert (again.added, again.updated, again.removed, again.unchanged) == ([], [], [], 3)

    export = kb_dir / "howto" / "export.md"
    export.write_text(
        export.read_text(encoding="utf-8").replace("Выгрузка и загрузка", "Перенос"),
        encoding="utf-8",
    )
    bump(export)
    bump(kb_dir / "basics" / "first-steps.md")  # touched, not edited
    edited = sync_index(kb_dir)
    assert (edited.updated, edited.unchanged) == (["howto/export.md"], 2)
    assert KbArticle.get(KbArticle.path == "howto/export.md").title == "Перенос данных"

    (kb_dir / "basics" / "first-steps.en.md").unlink()
    removed = sync_index(kb_dir)
    assert removed.removed == ["basics/first-steps.en.md"]
    assert "basics/first-steps.en.md" not in search_refs()


def test_a_broken_edit_keeps_the_last_good_version(connected, kb_dir):
    sync_index(kb_dir)
    export = kb_dir / "howto" / "export.md"
    export.write_text(
        export.read_text(encoding="utf-8").replace("updated: 2026-09-30", "updated: soon"),
        encoding="utf-8",
    )
    bump(export)
    report = sync_index(kb_dir)
    assert [str(p) for p in report.problems] == [
        "howto/export.md:7: 'updated' must be a date like 2026-10-14"
    ]
    assert KbArticle.get(KbArticle.path == "howto/export.md").title == "Выгрузка и загрузка данных"


def test_a_wiped_search_index_is_refilled(connected, kb_dir):
    from portal.search.index import remove_document

    sync_index(kb_dir)
    remove_document("article", "howto/export.md")
    report = sync_index(kb_dir)
    assert report.updated == ["howto/export.md"]
    assert "howto/export.md" in search_refs()


def test_reindex_command_shows_progress_and_counts(runner, kb_dir):
    result = runner.invoke(kb, ["reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexing kb/" in result.output
    # The three files and the regulation section written from the preset.
    assert f"{3 + GENERATED} added, 0 updated, 0 removed, 0 unchanged" in result.output
    bump(kb_dir / "howto" / "export.md")
    result = runner.invoke(kb, ["reindex", "--full"])
    assert f"0 added, {3 + GENERATED} updated, 0 removed, 0 unchanged" in result.output


def test_check_command_passes_a_clean_tree(runner, kb_dir):
    result = runner.invoke(kb, ["check"])
    assert result.exit_code == 0, result.output
    assert "3 articles in 2 categories, no problems" in result.output


def test_check_command_lists_every_problem_and_fails(runner, kb_dir):
    (kb_dir / "howto" / "broken.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    export = kb_dir / "howto" / "export.md"
    export.write_text(
        export.read_text(encoding="utf-8").replace("first-steps.md#", "missing.md#"),
        encoding="utf-8",
    )
    result = runner.invoke(kb, ["check"])
    assert result.exit_code == 1
    assert "howto/broken.md:3: YAML: expected ',' or ']', but got '<stream end>'" in result.output
    assert "howto/export.md:36: article not found: ../basics/missing.md#" in result.output
    assert "2 problem(s)" in result.output


def test_check_command_fails_on_a_missing_folder(runner, tmp_path):
    result = runner.invoke(kb, ["check", "--kb-dir", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no such folder" in result.output


def test_article_files_skip_category_files_and_hidden_files(kb_dir):
    (kb_dir / "basics" / ".draft.md").write_text("x", encoding="utf-8")
    assert [s.path for s in article_files(kb_dir)] == [
        "basics/first-steps.en.md",
        "basics/first-steps.md",
        "howto/export.md",
    ]


def test_a_new_renderer_renders_every_article_again(connected, kb_dir):
    sync_index(kb_dir)
    KbArticle.update(renderer=1, html="<p>old</p>").where(
        KbArticle.path == "basics/first-steps.md"
    ).execute()
    report = sync_index(kb_dir)
    assert report.updated == ["basics/first-steps.md"] and report.unchanged == 2
    assert "<h2 id=" in KbArticle.get(KbArticle.path == "basics/first-steps.md").html


def test_sync_names_the_categories_for_the_search_filter(connected, kb_dir):
    from portal.search.models import SearchLabel

    sync_index(kb_dir)
    assert SearchLabel.names("category", ["basics", "x"], "ru") == {"basics": "Первые шаги",
                                                                     "x": "x"}
    assert SearchLabel.names("category", ["basics"], "en") == {"basics": "First steps"}
    shutil.rmtree(kb_dir / "basics")
    sync_index(kb_dir)
    assert SearchLabel.names("category", ["basics"], "ru") == {"basics": "basics"}
