"""Schemas of the knowledge base, the public tiers and an organization's licenses, contracts
and entitlement in the API."""
from __future__ import annotations

import marshmallow as ma

from portal.api.fields import choice, text
from portal.api.paging import PageQuery
from portal.i18n import LANGUAGES

F = ma.fields


# --- knowledge base ----------------------------------------------------------------------------
class SearchQuery(PageQuery):
    q = text(200, required=True, filled=True, description="The words to find")
    kind = choice(("article", "post"), load_default=None, allow_none=True,
                  description="article: the knowledge base; post: community questions")
    product = text(64)
    category = text(64)
    language = choice(LANGUAGES, load_default=None, allow_none=True,
                      description="Defaults to the request's language")


class Hit(ma.Schema):
    kind = F.String(required=True)
    ref = F.String(required=True)
    title = F.String(required=True)
    url = F.String(required=True)
    snippet = F.String(required=True, metadata={"description": "Plain text around the words"})
    category = F.String(required=True)
    language = F.String(required=True)


class SearchPage(ma.Schema):
    items = F.List(F.Nested(Hit), required=True)
    total = F.Integer(required=True)
    loose = F.Boolean(required=True, metadata={
        "description": "No document had every word: these have some of them"})
    next_cursor = F.String(required=True, allow_none=True)


class Category(ma.Schema):
    slug = F.String(required=True)
    title = F.String(required=True)
    description = F.String(required=True)
    article_count = F.Integer(required=True)


class CategoryList(ma.Schema):
    items = F.List(F.Nested(Category), required=True)


class ArticleBrief(ma.Schema):
    category = F.String(required=True)
    slug = F.String(required=True)
    language = F.String(required=True)
    title = F.String(required=True)
    summary = F.String(required=True)
    updated = F.Date(required=True)
    url = F.String(required=True)


class ArticleList(ma.Schema):
    items = F.List(F.Nested(ArticleBrief), required=True)


class Heading(ma.Schema):
    level = F.Integer(required=True)
    anchor = F.String(required=True)
    title = F.String(required=True)


class Translation(ma.Schema):
    language = F.String(required=True)
    url = F.String(required=True)


class Article(ArticleBrief):
    products = F.List(F.String(), required=True)
    versions = F.List(F.String(), required=True)
    tags = F.List(F.String(), required=True)
    html = F.String(required=True, metadata={"description": "The sanitised article body"})
    toc = F.List(F.Nested(Heading), required=True)
    translations = F.List(F.Nested(Translation), required=True)


class ArticleQuery(ma.Schema):
    language = choice(LANGUAGES, load_default=None, allow_none=True,
                      description="Defaults to the request's language; the other language "
                                  "when the article has only that one")


# --- tiers -------------------------------------------------------------------------------------
class Named(ma.Schema):
    code = F.String(required=True)
    name = F.String(required=True)
    definition = F.String(required=True)


class Priority(ma.Schema):
    number = F.Integer(required=True)
    name = F.String(required=True)
    definition = F.String(required=True)


class Row(ma.Schema):
    label = F.String(required=True)
    value = F.String(required=True)


class Target(ma.Schema):
    kind = F.String(required=True)
    guaranteed = F.Boolean(required=True)
    minutes = F.Integer(required=True, allow_none=True, metadata={
        "description": "Counted minutes of the calendar; null: no guaranteed time"})
    amount = F.Integer(required=True, allow_none=True)
    unit = F.String(required=True)
    calendar = F.String(required=True)
    priority = F.Integer(required=True, allow_none=True)
    level = F.String(required=True, allow_none=True)
    line = F.String(required=True, allow_none=True)
    note = F.String(required=True, allow_none=True)


class Tier(ma.Schema):
    code = F.String(required=True)
    name = F.String(required=True)
    description = F.String(required=True, allow_none=True)
    channels = F.List(F.String(), required=True)
    has_tickets = F.Boolean(required=True)
    who_files = F.String(required=True, metadata={"enum": ["responsible", "any"]})
    max_responsible_contacts = F.Integer(required=True)
    free_hours = F.Integer(required=True)
    reopen_days = F.Integer(required=True)
    colleagues_see_tickets = F.Boolean(required=True)
    comparison = F.List(F.Nested(Row), required=True)
    targets = F.List(F.Nested(Target), required=True)


class Product(ma.Schema):
    code = F.String(required=True)
    name = F.String(required=True)
    versions = F.List(F.String(), required=True)


class Tiers(ma.Schema):
    vendor = F.String(required=True)
    currency = F.String(required=True)
    tiers = F.List(F.Nested(Tier), required=True)
    priorities = F.List(F.Nested(Priority), required=True)
    levels = F.List(F.Nested(Named), required=True)
    lines = F.List(F.Nested(Named), required=True)
    products = F.List(F.Nested(Product), required=True)
    assumptions = F.List(F.String(), required=True)


# --- organizations ------------------------------------------------------------------------------
class Organization(ma.Schema):
    id = F.Integer(required=True)
    name = F.String(required=True)
    timezone = F.String(required=True)
    responsible = F.Boolean(required=True, metadata={
        "description": "The token's user is a responsible contact here"})


class OrganizationList(ma.Schema):
    items = F.List(F.Nested(Organization), required=True)


class License(ma.Schema):
    id = F.Integer(required=True)
    product = F.String(required=True)
    edition = F.String(required=True)
    quantity = F.Integer(required=True)
    kind = F.String(required=True, metadata={"enum": ["perpetual", "rented"]})
    deployment = F.String(required=True)
    purchased_on = F.Date(required=True)
    version = F.String(required=True)
    commercial = F.Boolean(required=True)
    license_key = F.String(required=True)


class LicenseList(ma.Schema):
    items = F.List(F.Nested(License), required=True)


class Contract(ma.Schema):
    id = F.Integer(required=True)
    tier = F.String(required=True)
    tier_name = F.String(required=True)
    kind = F.String(required=True, metadata={"enum": ["paid", "warranty"]})
    product = F.String(required=True, allow_none=True)
    version = F.String(required=True, allow_none=True)
    first_day = F.Date(required=True)
    last_day = F.Date(required=True)
    running = F.Boolean(required=True)
    days_left = F.Integer(required=True)


class ContractList(ma.Schema):
    items = F.List(F.Nested(Contract), required=True)


class TierRef(ma.Schema):
    code = F.String(required=True)
    name = F.String(required=True)


class Entitlement(ma.Schema):
    on = F.Date(required=True, metadata={"description": "The day it holds for (the "
                                                        "organization's today)"})
    tier = F.Nested(TierRef, required=True, allow_none=True)
    product_tiers = F.Dict(keys=F.String(), values=F.String(), required=True)
    has_support = F.Boolean(required=True)
    has_tickets = F.Boolean(required=True)
    who_files = F.String(required=True, allow_none=True)
    max_responsible_contacts = F.Integer(required=True)
    free_hours = F.Integer(required=True)
    contract = F.Nested(Contract, required=True, allow_none=True, metadata={
        "description": "The running organization-wide contract term"})
    contract_end = F.Date(required=True, allow_none=True)
    warranty_end = F.Date(required=True, allow_none=True)
