"""/openapi.json: the OpenAPI 3.1 document, built from the kinds' JSON Schemas (one source)."""

from __future__ import annotations

import copy
import json
from typing import Any

from flask import Blueprint, Response

from service.domain.kinds import KINDS
from service.domain.schemas import DEFS

bp = Blueprint("openapi", __name__)

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "request_id": {"type": ["string", "null"]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "message"],
                "properties": {
                    "path": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _component(schema: dict[str, Any]) -> dict[str, Any]:
    """A kind schema as an OpenAPI component: its $defs references point into components."""
    s = copy.deepcopy(schema)
    s.pop("$defs", None)
    s.pop("$schema", None)
    return json.loads(json.dumps(s).replace('"#/$defs/', '"#/components/schemas/'))


# Extra paths and components registered by other capabilities (batches, jobs, web).
EXTRA_PATHS: dict[str, Any] = {}
EXTRA_COMPONENTS: dict[str, Any] = {}


def document() -> dict[str, Any]:
    kind_ids = list(KINDS)
    components: dict[str, Any] = {"Problem": PROBLEM, **_component({"x": DEFS})["x"]}
    for kind in KINDS.values():
        components[f"input_{kind.id.replace('-', '_')}"] = _component(kind.schema)
    components.update(EXTRA_COMPONENTS)
    id_param = {
        "name": "template_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": kind_ids},
    }
    summary = {
        "type": "object",
        "required": ["id", "ten", "loai_van_ban", "mo_ta"],
        "properties": {k: {"type": "string"} for k in ("id", "ten", "loai_van_ban", "mo_ta")},
    }
    one_of_inputs = {
        "oneOf": [{"$ref": f"#/components/schemas/input_{k.replace('-', '_')}"} for k in kind_ids]
    }
    paths: dict[str, Any] = {
        "/api/v1/templates": {
            "get": {
                "summary": "Danh sách mẫu văn bản",
                "operationId": "listTemplates",
                "responses": {
                    "200": {
                        "description": "Các mẫu",
                        "content": {"application/json": {"schema": {"type": "array", "items": summary}}},
                    }
                },
            }
        },
        "/api/v1/templates/{template_id}": {
            "get": {
                "summary": "Một mẫu: JSON Schema và ví dụ",
                "operationId": "getTemplate",
                "parameters": [id_param],
                "responses": {
                    "200": {
                        "description": "Mẫu",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id", "ten", "schema", "vi_du"],
                                    "properties": {
                                        **summary["properties"],
                                        "schema": {"type": "object"},
                                        "vi_du": {"type": "object"},
                                    },
                                }
                            }
                        },
                    },
                    "404": _problem_response("Không có mẫu này"),
                },
            }
        },
        "/api/v1/documents/{template_id}": {
            "post": {
                "summary": "Tạo một văn bản (.docx, hoặc PDF với ?format=pdf)",
                "operationId": "createDocument",
                "parameters": [
                    id_param,
                    {
                        "name": "format",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": ["docx", "pdf"]},
                    },
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": one_of_inputs}}},
                "responses": {
                    "200": {
                        "description": "Văn bản",
                        "content": {
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                                "schema": {"type": "string", "format": "binary"}
                            },
                            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                        },
                    },
                    "400": _problem_response("JSON hỏng hoặc sai Content-Type"),
                    "401": _problem_response("Thiếu khóa API"),
                    "403": _problem_response("Khóa API không hợp lệ"),
                    "404": _problem_response("Không có mẫu này"),
                    "413": _problem_response("Quá lớn"),
                    "422": _problem_response("Dữ liệu không hợp lệ"),
                    "503": _problem_response("PDF tạm thời không tạo được"),
                },
            }
        },
        "/healthz": {
            "get": {
                "summary": "Tình trạng dịch vụ",
                "operationId": "healthz",
                "responses": {
                    "200": {
                        "description": "Sẵn sàng",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["status"],
                                    "properties": {"status": {"type": "string"}},
                                }
                            }
                        },
                    },
                    "503": {
                        "description": "Không tạo được văn bản",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "Tài liệu OpenAPI này",
                "operationId": "openapi",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    }
    for path, operations in EXTRA_PATHS.items():  # a blueprint may add methods to a path above
        paths[path] = {**paths.get(path, {}), **operations}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Dịch vụ văn bản hành chính (Nghị định 30/2020/NĐ-CP)", "version": "1.0.0"},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return Response(json.dumps(document(), ensure_ascii=False), mimetype="application/json")
