"""Community: asking, answering, commenting, the lists, editing with history, deleting."""
from __future__ import annotations

from tests.plugins.community import BODY, token


def test_a_question_is_asked_once_shown_and_listed(client, ask, app):
    from portal.community.models import Question

    question_id = ask(tags="csv, импорт Импорт", product="crm", version="6.0")
    page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    assert "Как импортировать контакты из CSV?" in page
    assert "неверная кодировка" in page and "Ольга" in page
    listed = client.get("/community/").get_data(as_text=True)
    assert f"/community/questions/{question_id}" in listed
    tagged = client.get("/community/tags/импорт").get_data(as_text=True)
    assert f"/community/questions/{question_id}" in tagged
    assert f"/community/questions/{question_id}" in client.get(
        "/community/products/crm").get_data(as_text=True)
    assert f"/community/questions/{question_id}" not in client.get(
        "/community/tags/other").get_data(as_text=True)
    with app.app_context():
        assert [row.tag for row in Question.get_by_id(question_id).tag_rows] == ["csv", "импорт"]


def test_a_double_submitted_question_makes_one(client, auth, people, app):
    from portal.community.models import Question

    auth.login("olga@example.com")
    data = {"token": "same", "title": "Как настроить воронку продаж?", "body": BODY}
    first = client.post("/community/ask", data=data)
    second = client.post("/community/ask", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert Question.select().count() == 1


def test_empty_huge_and_control_character_posts_are_refused_with_a_message(
        client, auth, people, app):
    from portal.community.models import Question

    auth.login("olga@example.com")
    cases = [({"title": "", "body": BODY}, "title"),
             ({"title": "Коротко", "body": BODY}, "Напишите не меньше 10 символов"),
             ({"title": "Нормальный заголовок вопроса", "body": "x" * 20001},
              "20000"),
             ({"title": "Заголовок с \x00 символом", "body": BODY},
              "Уберите из текста управляющие символы")]
    for data, expected in cases:
        response = client.post("/community/ask", data={"token": token(), **data})
        assert response.status_code == 422
        assert expected in response.get_data(as_text=True)
    with app.app_context():
        assert Question.select().count() == 0


def test_tags_are_checked(client, auth, people):
    auth.login("olga@example.com")
    response = client.post("/community/ask", data={
        "token": token(), "title": "Как настроить права доступа?", "body": BODY,
        "tags": "a b c d e f"})
    assert response.status_code == 422
    assert "Укажите не больше 5 меток" in response.get_data(as_text=True)


def test_anyone_reads_but_only_the_registered_write(client, ask):
    question_id = ask()
    client.post("/logout")
    assert client.get(f"/community/questions/{question_id}").status_code == 200
    assert client.get("/community/ask").status_code in (302, 303)
    refused = client.post(f"/community/questions/{question_id}/answers",
                          data={"token": token(), "body": "Ответ без входа в систему."})
    assert refused.status_code in (302, 303) and "/login" in refused.headers["Location"]


def test_answers_comments_and_the_official_mark(client, ask, answer, auth, app):
    from portal.community.models import Answer, Comment, Question

    question_id = ask()
    community_answer = answer(question_id)
    official = answer(question_id, as_email="agent@lotsman.example",
                      body="В версии 6.0 импорт сам распознаёт кодировку windows-1251.")
    auth.logout()
    auth.login("olga@example.com")
    response = client.post(f"/community/questions/{question_id}/comments",
                           data={"token": token(), "answer_id": str(community_answer),
                                 "body": "Спасибо, помогло!"})
    assert response.status_code == 303
    page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    assert "Официальный ответ" in page and "Спасибо, помогло!" in page
    with app.app_context():
        assert Answer.get_by_id(official).official
        assert not Answer.get_by_id(community_answer).official
        question = Question.get_by_id(question_id)
        assert question.answer_count == 2 and question.official
        assert Comment.get().answer_id == community_answer
    unanswered = client.get("/community/?sort=unanswered").get_data(as_text=True)
    assert f"/community/questions/{question_id}" not in unanswered


def test_a_double_submitted_answer_makes_one(client, ask, auth, app):
    from portal.community.models import Answer

    question_id = ask()
    auth.logout()
    auth.login("petr@example.com")
    data = {"token": "one", "body": "Попробуйте сохранить файл в UTF-8."}
    for _ in range(2):
        assert client.post(f"/community/questions/{question_id}/answers",
                           data=data).status_code == 303
    with app.app_context():
        assert Answer.select().count() == 1


def test_the_author_edits_with_history_others_may_not(client, ask, auth, app):
    from portal.community.models import Question, Revision

    question_id = ask()
    response = client.post(f"/community/questions/{question_id}/edit", data={
        "title": "Как импортировать контакты из CSV в 6.0?", "body": BODY + " Версия 6.0.",
        "tags": "csv"})
    assert response.status_code == 303
    page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    assert "в 6.0?" in page and "изменено" in page
    history = client.get(f"/community/questions/{question_id}/history").get_data(as_text=True)
    assert "Как импортировать контакты из CSV?" in history  # the version before
    with app.app_context():
        assert Revision.select().count() == 1
    auth.logout()
    auth.login("petr@example.com")
    assert client.get(f"/community/questions/{question_id}/edit").status_code == 403
    assert client.post(f"/community/questions/{question_id}/edit", data={
        "title": "Чужая правка заголовка", "body": BODY}).status_code == 403
    with app.app_context():
        assert Question.get_by_id(question_id).title.endswith("в 6.0?")


def test_staff_edit_any_post(client, ask, auth):
    question_id = ask()
    auth.logout()
    auth.login("agent@lotsman.example")
    response = client.post(f"/community/questions/{question_id}/edit", data={
        "title": "Импорт контактов из CSV: ошибка кодировки", "body": BODY})
    assert response.status_code == 303
    assert "ошибка кодировки" in client.get(
        f"/community/questions/{question_id}").get_data(as_text=True)


def test_deleting_leaves_a_tombstone_and_leaves_search(client, ask, answer, auth, app):
    from portal.community.models import Question

    question_id = ask()
    answer_id = answer(question_id)
    assert client.post(f"/community/answers/{answer_id}/delete").status_code == 303
    page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    assert "Этот ответ удалён" in page and "CSV UTF-8" not in page
    with app.app_context():
        assert Question.get_by_id(question_id).answer_count == 0
    auth.logout()
    auth.login("olga@example.com")
    assert client.post(f"/community/questions/{question_id}/delete").status_code == 303
    gone = client.get(f"/community/questions/{question_id}")
    assert gone.status_code == 410 and "Этот вопрос удалён" in gone.get_data(as_text=True)
    assert "импортировать" not in client.get("/search?q=импорт+контактов").get_data(
        as_text=True)


def test_pages_past_the_last_show_the_last(client, ask):
    ask()
    page = client.get("/community/?page=99").get_data(as_text=True)
    assert "Как импортировать контакты из CSV?" in page


def test_unknown_and_huge_ids_are_404(client, ask):
    ask()
    assert client.get("/community/questions/999999").status_code == 404
    assert client.get("/community/products/nothing").status_code == 404


def test_links_from_new_accounts_carry_nofollow(client, ask):
    old = ask(body="Подробности здесь: https://example.com/csv-guide и ещё текст.")
    new = ask(title="Вопрос от новой учётной записи", as_email="nina@example.com",
              body="Подробности здесь: https://example.org/spam и ещё текст.")
    old_page = client.get(f"/community/questions/{old}").get_data(as_text=True)
    new_page = client.get(f"/community/questions/{new}").get_data(as_text=True)
    assert 'href="https://example.com/csv-guide" rel="ugc noopener noreferrer"' in old_page
    assert 'href="https://example.org/spam" rel="nofollow ugc noopener noreferrer"' in new_page


def test_raw_html_in_a_post_is_shown_as_text(client, ask):
    question_id = ask(body="Вот так: <script>alert(1)</script> <img src=x onerror=alert(1)>")
    page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "onerror=alert" not in page.replace(
        "onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_new_accounts_post_five_times_an_hour(client, auth, people, app):
    from portal.community.models import Question

    auth.login("nina@example.com")
    for number in range(5):
        response = client.post("/community/ask", data={
            "token": token(), "title": f"Вопрос номер {number} о настройке", "body": BODY})
        assert response.status_code == 303
    refused = client.post("/community/ask", data={
        "token": token(), "title": "Шестой вопрос за час подряд", "body": BODY})
    assert refused.status_code == 429
    assert "Новые учётные записи публикуют не больше 5 раз в час" in refused.get_data(
        as_text=True)
    with app.app_context():
        assert Question.select().count() == 5
    auth.logout()
    auth.login("olga@example.com")  # an older account is not limited
    for number in range(6):
        assert client.post("/community/ask", data={
            "token": token(), "title": f"Вопрос опытного номер {number}",
            "body": BODY}).status_code == 303


def test_the_demo_community_is_seeded_once_and_searchable(app, runner, client):
    from portal.community.models import Answer, Question

    for _ in range(2):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert Question.select().count() == 3 and Answer.select().count() == 3
        solved = Question.get(Question.token == "demo-q-1")
        assert solved.accepted_answer_id == Answer.get(Answer.token == "demo-a-2").id
    page = client.get("/search?q=кодировка+импорта&kind=post").get_data(as_text=True)
    assert f'href="/community/questions/{solved.id}"' in page
    result = runner.invoke(args=["community", "reindex"])
    assert result.exit_code == 0 and "indexed 3 question(s)" in result.output


def test_a_persons_data_download_holds_their_community_posts_and_tickets(
        client, auth, licensed, file_ticket):
    import json

    number = file_ticket(subject="Отчёт по сделкам не строится")
    client.post("/community/ask", data={"token": token(),
                                        "title": "Как настроить воронку для двух отделов?",
                                        "body": BODY})
    data = json.loads(client.get("/profile/data.json").get_data(as_text=True))
    assert data["account"]["email"] == "anna@romashka.example"
    assert [t["number"] for t in data["tickets"]] == [number]
    assert "ошибку 500" in data["ticket_messages"][0]["body"]
    assert [q["title"] for q in data["community"]["questions"]] == [
        "Как настроить воронку для двух отделов?"]
    auth.logout()
    auth.login("boris@romashka.example")
    other = json.loads(client.get("/profile/data.json").get_data(as_text=True))
    assert other["tickets"] == [] and other["community"]["questions"] == []
