"""An invoice's page and its PDF: one template, printed by the browser or by WeasyPrint."""
from __future__ import annotations

from flask import current_app, render_template

from portal.billing.models import Invoice
from portal.domain.policy import Policy


def context(invoice: Invoice, policy: Policy, language: str) -> dict:
    order = invoice.order
    return {
        "invoice": invoice, "order": order, "organization": order.organization,
        "lines": [row.as_quote_line(order.currency) for row in order.ordered_lines()],
        "policy": policy, "language": language,
        "payee": current_app.config.get("PAYEE", ""),
    }


def pdf(invoice: Invoice, policy: Policy, language: str) -> bytes:
    """The invoice rendered to PDF with its print stylesheet."""
    from weasyprint import CSS, HTML

    html = render_template("billing/invoice_document.html", **context(invoice, policy, language))
    stylesheet = CSS(filename=str(current_app.static_folder) + "/print/invoice.css")
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[stylesheet])
