"""The OpenAPI 3.1 document, generated from the declared endpoints and the wire models."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from backend.api.routing import Endpoint
from wire.base import ErrorBody

_REF = "#/components/schemas/{model}"



def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=_REF)
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": prop,
         **({"description": prop["description"]} if "description" in prop else {})}
        for name, prop in schema.get("properties", {}).items()
    ]


def build_document(endpoints: list[Endpoint], version: str) -> dict[str, Any]:
    models: set[type[BaseModel]] = {ErrorBody}
    for endpoint in endpoints:
        models.add(endpoint.response)
        if endpoint.body:
            models.add(endpoint.body)
    ordered = sorted(models, key=lambda model: model.__name__)
    _, schemas = models_json_schema(
        [(model, "validation") for model in ordered],
        ref_template=_REF,
    )
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)}", endpoint.path)
        ]
        if endpoint.query:
            parameters += _query_parameters(endpoint.query)
        responses: dict[str, Any] = {
            str(endpoint.status): {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": _REF.format(
                    model=endpoint.response.__name__)}}},
            }
        }
        for status in sorted({400, *(() if endpoint.public else (401,)), *endpoint.errors}):
            responses[str(status)] = {
                "description": "error",
                "content": {"application/json": {"schema": {"$ref": _REF.format(
                    model="ErrorBody")}}},
            }
        operation: dict[str, Any] = {
            "operationId": endpoint.operation_id,
            "summary": endpoint.summary,
            "tags": [endpoint.tag],
            "parameters": parameters,
            "responses": responses,
        }
        if endpoint.body:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": _REF.format(
                    model=endpoint.body.__name__)}}},
            }
        if endpoint.public:
            operation["security"] = []
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "daiban case service", "version": version,
                 "description": (
                     "The case service of daiban: matters, offices, calendar, residents, "
                     "drafts, cases and the event feed. A call made for a person names them "
                     "with two headers that go together: X-Daiban-Actor (their messaging-app "
                     "user id) and X-Daiban-Role (resident or staff); the service trusts "
                     "them only with the bearer token. Person-scoped operations refuse a "
                     "call without them (400 rights.actor_required). Every state-changing "
                     "call needs an Idempotency-Key header.")},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"serviceToken": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"serviceToken": []}],
    }


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>daiban case service API</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .2rem}li{margin:.3rem 0}</style></head>
<body><h1>daiban case service API</h1>
<p>Every call needs <code>Authorization: Bearer &lt;service token&gt;</code>. The machine-readable
document is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p><ul>
{items}
</ul></body></html>
"""


def docs_page(document: dict[str, Any]) -> str:
    items = [
        f"<li><code>{escape(method.upper())} {escape(path)}</code> "
        f"{escape(operation['summary'])}</li>"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]
    return DOCS_PAGE.replace("{items}", "\n".join(items))
