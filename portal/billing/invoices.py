"""An invoice's page and its PDF: one template, printed by the browser or by WeasyPrint."""
from __future__ import annotations

from flask import current_app, render_template

from portal.billing.models import Invoice, Order
from portal.billing.quote_input import product_name
from portal.domain.policy import Policy
from portal.domain.pricing import QuoteLine


def lines_of(order: Order, policy: Policy, language: str) -> list[QuoteLine]:
    """The order's lines as priced, with product names in the reader's language (the order
    may have been placed in the other one)."""
    lines = []
    for row in order.ordered_lines():
        line = row.as_quote_line(order.currency)
        product = policy.product(row.product)
        if product is not None and "name" in line.facts:
            line.facts["name"] = product_name(product, row.edition, language)
        lines.append(line)
    return lines


def context(invoice: Invoice, policy: Policy, language: str) -> dict:
    order = invoice.order
    return {
        "invoice": invoice, "order": order, "organization": order.organization,
        "lines": lines_of(order, policy, language),
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
