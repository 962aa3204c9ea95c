"""The API's blueprint at /api/v1 (flask-smorest: every route's parameters, bodies and answers
are declared with marshmallow schemas, and the OpenAPI description is generated from them).

Bodies come as JSON, or as multipart/form-data where files travel (the "form_and_files"
location: text fields and files of one form, described as one schema).
"""
from __future__ import annotations

from typing import ClassVar

import flask_smorest
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

PREFIX = "/api/v1"
MULTIPART = "multipart/form-data"


class Parser(FlaskParser):
    """webargs' Flask parser with one more location: a multipart form's fields and files."""

    DEFAULT_UNKNOWN_BY_LOCATION: ClassVar[dict] = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "form_and_files": None}

    __location_map__: ClassVar[dict] = {**FlaskParser.__location_map__,
                        "form_and_files": "load_form_and_files"}

    def load_form_and_files(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING: ClassVar[dict] = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "form_and_files": MULTIPART,
    }


bp = Blueprint("api", __name__, url_prefix=PREFIX,
               description="The support portal's REST API (version 1).")
