"""Community: reports, the moderation queue (hide, restore, dismiss), hidden posts, search,
article drafts, questions turned into tickets, and mail with one-click unsubscribe."""
from __future__ import annotations

from tests.plugins.community import token


def _report(client, kind, post_id, reason="abusive", note=""):
    return client.post(f"/community/report/{kind}/{post_id}",
                       data={"reason": reason, "note": note})


def test_a_report_reaches_the_queue_and_hiding_removes_the_post(client, ask, answer, auth,
                                                                app):
    from portal.community.models import Report

    question_id = ask(title="Как настроить импорт контактов из файла?")
    answer_id = answer(question_id, body="Ругательства и оскорбления вместо ответа.")
    auth.logout()
    auth.login("nina@example.com")
    assert _report(client, "answer", answer_id).status_code == 303
    assert _report(client, "answer", answer_id, "spam").status_code == 303  # one per reader
    with app.app_context():
        assert [(r.reason, r.status) for r in Report.select()] == [("spam", "open")]
    assert client.get("/community/moderation").status_code == 403
    auth.logout()
    auth.login("agent@lotsman.example")
    queue = client.get("/community/moderation").get_data(as_text=True)
    assert "Ругательства и оскорбления" in queue and "Спам или реклама" in queue
    assert client.post(f"/community/moderation/answer/{answer_id}/hide").status_code == 303
    with app.app_context():
        assert Report.get().status == "hidden"
    staff_page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    assert "Скрыто модератором" in staff_page
    auth.logout()
    page = client.get(f"/community/questions/{question_id}").get_data(as_text=True)
    assert "Ругательства" not in page
    assert "Ругательства" not in client.get("/search?q=оскорбления").get_data(as_text=True)
    assert f"/community/questions/{question_id}" in client.get(
        "/search?q=импорт+контактов").get_data(as_text=True)


def test_a_hidden_question_is_404_for_everyone_but_staff_and_leaves_search(client, ask, auth):
    question_id = ask(title="Реклама: купите дешёвые лицензии у нас")
    found = f'href="/community/questions/{question_id}"'
    assert found in client.get("/search?q=дешёвые+лицензии").get_data(as_text=True)
    auth.logout()
    auth.login("agent@lotsman.example")
    assert client.post(f"/community/moderation/question/{question_id}/hide").status_code == 303
    assert client.get(f"/community/questions/{question_id}").status_code == 200
    auth.logout()
    auth.login("petr@example.com")
    assert client.get(f"/community/questions/{question_id}").status_code == 404
    assert client.post(f"/community/questions/{question_id}/answers",
                       data={"token": token(), "body": "Ответ на скрытый вопрос."}
                       ).status_code == 404
    assert client.post(f"/community/vote/question/{question_id}",
                       data={"value": "up"}).status_code == 404
    assert f"/community/questions/{question_id}" not in client.get(
        "/community/").get_data(as_text=True)
    assert found not in client.get("/search?q=дешёвые+лицензии").get_data(as_text=True)
    auth.logout()
    auth.login("agent@lotsman.example")
    assert client.post(
        f"/community/moderation/question/{question_id}/restore").status_code == 303
    assert found in client.get("/search?q=дешёвые+лицензии").get_data(as_text=True)


def test_dismissing_keeps_the_post(client, ask, auth, app):
    from portal.community.models import Question, Report

    question_id = ask()
    auth.logout()
    auth.login("petr@example.com")
    assert _report(client, "question", question_id, "other", "").status_code == 422
    assert _report(client, "question", question_id, "other",
                   "Кажется, это дубль").status_code == 303
    auth.logout()
    auth.login("agent@lotsman.example")
    client.post(f"/community/moderation/question/{question_id}/dismiss")
    with app.app_context():
        assert Report.get().status == "dismissed"
        assert Question.get_by_id(question_id).status == "visible"


def test_search_finds_questions_in_another_word_form_once_and_ranks_solved_first(
        client, ask, answer, auth):
    plain = ask(title="Импорт контактов зависает на большом файле",
                body="Загружаю файл на 50 тысяч контактов, импорт зависает на середине.")
    solved = ask(title="Импорт контактов падает с ошибкой кодировки",
                 body="Загружаю файл контактов, импорт падает с ошибкой кодировки.")
    accepted = answer(solved, body="Сохраните файл в UTF-8 и импортируйте контакты снова.")
    answer(solved, body="Ещё можно импортировать контакты через API.")
    auth.logout()
    auth.login("olga@example.com")
    client.post(f"/community/questions/{solved}/accept/{accepted}")
    page = client.get("/search?q=импорта+контактами&kind=post").get_data(as_text=True)
    assert page.count(f'href="/community/questions/{solved}"') == 1  # listed once
    assert f'href="/community/questions/{plain}"' in page
    assert page.index(f"/community/questions/{solved}") < page.index(
        f"/community/questions/{plain}")
    assert "Вопрос сообщества" in page


def test_titles_being_typed_get_articles_and_questions(client, ask):
    question_id = ask(title="Как импортировать контакты из CSV?")
    fragment = client.get("/community/suggest?title=импорт+контактов",
                          headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f"/community/questions/{question_id}" in fragment and "<html" not in fragment
    assert client.get("/community/suggest?title=").get_data(as_text=True).strip() == ""


def test_staff_turn_an_answer_into_an_article_draft(client, ask, answer, auth):
    question_id = ask(tags="csv", product="crm", version="6.0")
    answer_id = answer(question_id)
    assert client.get(f"/community/answers/{answer_id}/article.md").status_code == 403
    auth.logout()
    auth.login("agent@lotsman.example")
    response = client.get(f"/community/answers/{answer_id}/article.md")
    assert response.status_code == 200
    assert f'filename="community-{question_id}.md"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("---\ntitle: Как импортировать контакты из CSV?\n")
    assert "CSV UTF-8" in text
    from portal.kb.frontmatter import parse_article

    meta, _document = parse_article(text, f"crm/community-{question_id}.md", "ru")
    assert (meta.products, meta.versions, meta.tags) == (("crm",), ("6.0",), ("csv",))


def test_a_licensed_contact_turns_a_question_into_a_ticket_linked_both_ways(
        client, auth, licensed, app):
    auth.login("anna@romashka.example")
    response = client.post("/community/ask", data={
        "token": token(), "title": "Отчёт по сделкам не строится после обновления",
        "body": "После обновления до 6.0 отчёт по сделкам пишет «ошибка 500».",
        "product": "crm"})
    question_path = response.headers["Location"]
    page = client.get(question_path).get_data(as_text=True)
    assert "Превратить в обращение" in page
    link = page.split('href="/tickets/new?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    form = client.get("/tickets/new?" + link).get_data(as_text=True)
    assert "Из вопроса сообщества" in form and "ошибка 500" in form
    filed = client.post("/tickets/new", data={
        "token": "from-question", "subject": "Отчёт по сделкам не строится",
        "description": "После обновления до 6.0 отчёт пишет «ошибка 500».",
        "category": "defect", "priority": "2", "product": "crm",
        "origin": question_path, "origin_title": "Отчёт по сделкам не строится"})
    assert filed.status_code == 303
    ticket_page = client.get(filed.headers["Location"]).get_data(as_text=True)
    assert f'href="{question_path}"' in ticket_page
    number = filed.headers["Location"].rsplit("/", 1)[1]
    assert number in client.get(question_path).get_data(as_text=True)
    # A colleague's session cannot see a stranger's tickets linked on the page.
    auth.logout()
    assert number not in client.get(question_path).get_data(as_text=True)


def test_a_ticket_origin_is_never_another_site(client, auth, licensed, app):
    from portal.tickets.models import Ticket

    auth.login("anna@romashka.example")
    client.post("/tickets/new", data={
        "token": "evil-origin", "subject": "Тема", "description": "Текст обращения.",
        "category": "defect", "priority": "2", "product": "crm",
        "origin": "//evil.example/phish", "origin_title": "Вопрос"})
    with app.app_context():
        assert Ticket.get(Ticket.token == "evil-origin").origin_url == ""


def test_followers_get_mail_with_a_one_click_unsubscribe(client, ask, answer, auth, app,
                                                         mailbox):
    from portal.community.models import Follow

    question_id = ask()
    answer(question_id, as_email="agent@lotsman.example",
           body="Официально: сохраните файл в UTF-8 и повторите импорт.")
    message = mailbox.last(to="olga@example.com")
    assert message["Subject"] == "Новый ответ: Как импортировать контакты из CSV?"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert "Наш инженер Сергей" in message.get_body(("plain",)).get_content()
    assert mailbox.to("agent@lotsman.example") == []  # not told of one's own answer
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    client.post("/logout")
    assert client.get("/" + path).status_code == 200
    with app.app_context():
        assert Follow.select().where(Follow.question == question_id).count() == 2
    # A mail program's one click: a POST without a session or CSRF token.
    assert client.post("/" + path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    with app.app_context():
        users = [f.user.email for f in Follow.select().where(Follow.question == question_id)]
        assert users == ["agent@lotsman.example"]
    before = len(mailbox.messages)
    answer(question_id, body="Ещё один ответ после отписки.")
    assert all(m["To"] != "olga@example.com" for m in mailbox.messages[before:])


def test_unsubscribing_from_all_stops_every_question(client, ask, answer, app, mailbox):
    question_id = ask()
    answer(question_id)
    text = mailbox.last(to="olga@example.com").get_body(("plain",)).get_content()
    every = text.split("Не присылать никаких писем сообщества:", 1)[1].split()[0]
    client.post("/" + every.split("://", 1)[1].split("/", 1)[1])
    other = ask(title="Второй вопрос о настройке почты")
    before = len(mailbox.messages)
    answer(other)
    assert all(m["To"] != "olga@example.com" for m in mailbox.messages[before:])
    assert client.get("/community/unsubscribe/forged-token").status_code == 400
