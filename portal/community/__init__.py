"""Community Q&A: free users ask and answer, staff answer officially and moderate; posts are
in the same search as the knowledge base; a licensed contact's question becomes a ticket.

`views` has the lists, asking and the question page; `post_views` answers, comments, votes,
acceptance, edits and deletions; `mod_views` reports, the moderation queue, article drafts
and unsubscribing.
"""
from flask import Blueprint

bp = Blueprint("community", __name__, url_prefix="/community")

from portal.community import mod_views, post_views, views  # noqa: F401 - routes join bp
