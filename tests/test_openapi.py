"""The OpenAPI layout: error-code enums among the schemas, error response components, the codes a response
states (a code enum in its schema, a list in its description) with the example bodies that show them, and
inline error responses of operations. Hand-written documents, read back field by field, every line accounted
for."""
from __future__ import annotations

import json

import pytest

from layout_helpers import build, lost_lines


def entries(b) -> list[dict]:
    return b["catalog"]["entries"]


def notes(b) -> list[str]:
    return [n["text"] for c in b["catalog"]["catalogs"] for n in c["notes"]]


ENUM = """\
openapi: 3.0.3
info:
  title: Payments API
  version: 2.1.0
paths:
  /payments/{id}:
    get:
      operationId: getPayment
      responses:
        '200':
          description: The payment.
        '404':
          $ref: '#/components/responses/NotFound'
components:
  responses:
    NotFound:
      description: Not found
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
  schemas:
    Error:
      type: object
      properties:
        code:
          $ref: '#/components/schemas/PaymentCode'
        message:
          type: string
          example: The card was declined.
    PaymentCode:
      type: integer
      enum:
        - 1001
        - 1002
        - 1003
      x-enum-varnames:
        - CardDeclined
        - CardExpired
        - InsufficientFunds
      x-enum-descriptions:
        - The card was declined by its issuer.
        - The card has expired.
        - ''
    Currency:
      type: string
      enum: [EUR, USD, GBP]
"""


def test_enum_of_codes_with_names_and_descriptions(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "payments.yaml", ENUM)
    assert b["catalog"]["sources"][0]["format"] == "openapi"
    assert [(e["code"], e["name"], e["description"], e["http_status"]) for e in entries(b)] == [
        ("1001", "CardDeclined", "The card was declined by its issuer.", None),
        ("1002", "CardExpired", "The card has expired.", None),
        ("1003", "InsufficientFunds", "", None)]
    e = entries(b)[0]
    assert e["provenance"]["code"]["lines"] == [34]
    assert e["provenance"]["name"]["lines"] == [38]
    assert e["provenance"]["description"]["lines"] == [42]
    # the codes are stated: a response that only carries a status is their transport, a note; the Currency
    # enum is no error enum; the example message of the Error schema is no entry
    assert "NotFound (404): Not found" in notes(b)
    assert {"title: Payments API", "version: 2.1.0"} <= set(notes(b))
    assert lost_lines(b) == []


def test_enum_texts_listed_in_the_description_and_groups_as_categories(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.yaml", """\
openapi: 3.1.0
info: {title: Storage API, version: '1'}
components:
  schemas:
    AuthErrorCode:
      title: Authentication errors
      type: string
      description: |
        Codes of the authentication errors:

        * `AUTH_EXPIRED` - The token has expired.
        * `AUTH_MISSING` - No token was sent.
      enum: [AUTH_EXPIRED, AUTH_MISSING]
    StorageErrorCode:
      title: Storage errors
      type: string
      description: |
        - BUCKET_FULL: The bucket is full.
      enum: [BUCKET_FULL, BUCKET_GONE]
""")
    assert [(e["code"], e["description"], e["category"]) for e in entries(b)] == [
        ("AUTH_EXPIRED", "The token has expired.", "Authentication errors"),
        ("AUTH_MISSING", "No token was sent.", "Authentication errors"),
        ("BUCKET_FULL", "The bucket is full.", "Storage errors"),
        ("BUCKET_GONE", "", "Storage errors")]
    assert entries(b)[1]["provenance"]["description"]["lines"] == [12]
    assert lost_lines(b) == []


def test_error_response_components_are_entries_when_nothing_states_codes(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "accounts.yaml", """\
openapi: 3.0.0
info:
  title: Accounts
  version: 1.0.0
paths:
  /accounts:
    post:
      operationId: CreateAccount
      responses:
        '201':
          $ref: '#/components/responses/201AccountCreated'
        '400':
          $ref: '#/components/responses/400Error'
        '429':
          $ref: '#/components/responses/429Error'
    get:
      operationId: ListAccounts
      responses:
        '400':
          $ref: '#/components/responses/400Error'
components:
  responses:
    201AccountCreated:
      description: Account created
    400Error:
      description: Bad request
    429Error:
      description: Too Many Requests
      headers:
        Retry-After:
          schema:
            type: integer
""")
    assert [(e["code"], e["name"], e["http_status"], e["description"], sorted(e["operations"]))
            for e in entries(b)] == [
        ("400", "400Error", 400, "Bad request", ["CreateAccount", "ListAccounts"]),
        ("429", "429Error", 429, "Too Many Requests", ["CreateAccount"])]
    assert "201AccountCreated (201): Account created" in notes(b)
    assert entries(b)[0]["provenance"]["name"]["lines"] == [25]
    assert lost_lines(b) == []


def test_response_with_a_code_enum_and_examples(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "common.yaml", """\
info:
  title: Common definitions
components:
  responses:
    Generic400:
      description: Bad Request
      content:
        application/json:
          schema:
            allOf:
              - $ref: "#/components/schemas/ErrorInfo"
              - type: object
                properties:
                  status:
                    enum:
                      - 400
                  code:
                    enum:
                      - INVALID_ARGUMENT
                      - OUT_OF_RANGE
          examples:
            GENERIC_400_INVALID_ARGUMENT:
              description: Invalid Argument. Generic Syntax Exception
              value:
                status: 400
                code: INVALID_ARGUMENT
                message: Client specified an invalid argument.
            GENERIC_400_OUT_OF_RANGE:
              value:
                status: 400
                code: OUT_OF_RANGE
                message: Client specified an invalid range.
""")
    assert b["catalog"]["sources"][0]["format"] == "openapi"  # a components file without the `openapi` key
    assert [(e["code"], e["http_status"], e["message"], e["category"]) for e in entries(b)] == [
        ("INVALID_ARGUMENT", 400, "Client specified an invalid argument.", "Generic400"),
        ("OUT_OF_RANGE", 400, "Client specified an invalid range.", "Generic400")]
    first = entries(b)[0]
    assert first["description"] == ""  # the example's own description speaks of the example
    assert first["extra"] == {"example": "Invalid Argument. Generic Syntax Exception"}
    assert first["provenance"]["code"]["lines"] == [19]
    assert first["provenance"]["message"]["lines"] == [27]
    assert "Generic400 (400): Bad Request" in notes(b)
    assert lost_lines(b) == []


def test_codes_listed_in_an_inline_response_description(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "register.yaml", """\
openapi: 3.1.0
info:
  title: Registration
  version: 1.0.0
paths:
  /register:
    post:
      operationId: register
      responses:
        "400":
          description: |-
            Part of the request was invalid. This may include one of the following error codes:

            * `M_USER_IN_USE` : The desired user ID is already taken.
            * `M_EXCLUSIVE` : The desired user ID is in the exclusive namespace
              claimed by an application service.
          content:
            application/json:
              examples:
                response:
                  value: {
                    "errcode": "M_USER_IN_USE",
                    "error": "Desired user ID is already taken."
                  }
        "429":
          description: This request was rate-limited.
""")
    assert [(e["code"], e["http_status"], e["description"], e["category"], e["operations"]) for e in entries(b)] == [
        ("M_EXCLUSIVE", 400, "The desired user ID is in the exclusive namespace claimed by an application service.",
         "POST /register", ["register"]),
        ("M_USER_IN_USE", 400, "The desired user ID is already taken.", "POST /register", ["register"])]
    user = [e for e in entries(b) if e["code"] == "M_USER_IN_USE"][0]
    assert user["message"] == ""  # the example body is an example: kept beside the stated text
    assert user["extra"] == {"example.error": "Desired user ID is already taken."}
    assert [e for e in entries(b) if e["code"] == "M_EXCLUSIVE"][0]["provenance"]["description"]["lines"] == [15, 16]
    assert lost_lines(b) == []


def test_swagger_json_inline_error_responses(run_cli, tmp_path):
    doc = {"swagger": "2.0", "info": {"title": "Pets", "version": "1"}, "paths": {
        "/pets": {"get": {"operationId": "listPets", "responses": {
            "200": {"description": "A list of pets."},
            "400": {"description": "Invalid query."},
            "500": {"description": "Unexpected error."}}},
            "post": {"operationId": "addPet", "responses": {
                "400": {"description": "Invalid query."},
                "409": {"description": "The pet exists already."}}}}}}
    b = build(run_cli, tmp_path, "pets.json", json.dumps(doc, indent=2))
    assert b["catalog"]["sources"][0]["format"] == "openapi"
    assert [(e["code"], e["http_status"], e["description"], sorted(e["operations"])) for e in entries(b)] == [
        ("400", 400, "Invalid query.", ["addPet", "listPets"]),
        ("409", 409, "The pet exists already.", ["addPet"]),
        ("500", 500, "Unexpected error.", ["listPets"])]
    assert entries(b)[0]["provenance"]["code"]["lines"] == [15]
    assert lost_lines(b) == []


def test_a_plain_yaml_catalog_is_not_openapi(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.yaml", "errors:\n  - code: E1\n    message: One.\n  - code: E2\n    message: Two.\n")
    assert b["catalog"]["sources"][0]["format"] == "yaml"


@pytest.mark.parametrize("text", [
    '{"errors": [\n{"code": ' + "[" * 5000,  # JSON nested past the loader's recursion (found by `make fuzz`)
    "openapi: 3.0.0\nx: " + "[" * 5000,  # YAML in flow style
    "openapi: 3.0.0\n" + "".join(" " * i + "a:\n" for i in range(3000)),  # YAML indented block by block
])
def test_a_description_nested_past_any_loader_is_refused_in_one_line(text):
    from extract.documents import Document
    from extract.errors import InputError
    from extract.parsers import Context, openapi

    doc = Document("s", "api.yaml", text.encode(), text)
    with pytest.raises(InputError, match=r"^api\.yaml(:\d+)?: .*nest"):
        openapi.RULE.parse(doc, Context("c"))
