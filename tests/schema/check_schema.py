#!/usr/bin/env python3
"""The JSON Schemas in schema/ against the YAML files and against the loader.

Usage: check_schema.py [REPO_ROOT]      (default: two folders up from here)

1. files:     every YAML file under decks/, templates/, tests/render/{sheets,
              documents,boards}/kit/ and tests/cases/_base/kit/ validates
              against the schema its `kind:` selects; a `# yaml-language-server:
              $schema=...` first line, where there is one, names that same schema.
              The starter kit (templates/starter/) is checked as `deckpress new`
              fills it in (STARTER_FILL), for a client whose name needs quoting;
              its placeholders are exactly those generator/cli/new.c fills.
2. agreement: the keys and choices the C loader accepts (the NULL-terminated
              arrays in generator/model/*.c and generator/load/scalar.c, and
              key lists written in place in read_map() calls) are exactly the
              properties and enums of the schema objects mapped to them below
              (KEY_ARRAYS, INLINE_KEY_ARRAYS, ENUM_ARRAYS); objects chosen by
              their `type:` (template elements, document blocks) go to the same
              definitions in the C code and the schema (DISPATCH); the fields
              of templates and their kinds match field_names[] and
              field_get_kind(), and the fields texts may hold pass their
              patterns (FIELD_PATTERNS); the keys the loader requires are the
              schemas' `required`; every unit and size preset of scalar.c
              passes the schema. An array that cannot be found fails: when one
              is renamed, rename it here too.
3. strictness: documents the loader rejects (unknown key, bare-number length,
              bad colour, ...) fail validation, and tricky valid ones pass.

Needs python3-yaml and python3-jsonschema (Debian 12: jsonschema 4.10,
draft-07). YAML is read as YAML 1.2 (core schema), as editors read it: `no`
and `yes` stay text, `1.0` is a number, `=` is a text. Mapping keys are kept
as written, as the loader sees them.

Prints one line per failure and a closing `schema: N passed, N failed`;
exits 1 on any failure.
"""
import json
import os
import re
import sys

try:
    import yaml
    import jsonschema
except ImportError as e:
    # `python3` may be another Python than Debian's (pyenv, a venv): try
    # Debian's, where `make deps` installs python3-yaml and python3-jsonschema.
    debian = "/usr/bin/python3"
    if os.path.exists(debian) and os.path.realpath(sys.executable) != os.path.realpath(debian):
        os.execv(debian, [debian] + sys.argv)
    print(f"FAIL {e}: install python3-yaml and python3-jsonschema (make deps)")
    print("schema: 0 passed, 1 failed")
    sys.exit(1)

KINDS = ("kit", "deck", "template", "profile", "brand", "document", "board")
# Kinds the loader recognises that have no schema yet; a YAML file of such a
# kind fails here too. When one gets a schema, move it to KINDS.
KINDS_WITHOUT_SCHEMA = ()
# Files that are not kit items (not in kit.c's kinds[]) but have a schema:
# templates/i18n/<lang>.yaml and a kit's i18n/<lang>.yaml (docs/i18n.md).
OTHER_KINDS = ("phrasebook",)
# Only valid kits: the tests/cases/* kits are meant to fail, except _base.
YAML_DIRS = ("decks", "templates", "tests/render/sheets/kit", "tests/render/documents/kit",
             "tests/render/boards/kit", "tests/cases/_base/kit")
MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")
# The starter kit that `deckpress new` copies: its files hold placeholders
# (@NAME@), filled here as new.c fills them for `new starter --client CLIENT`
# in decks/ (so @SCHEMA@ is relative, which is right from templates/starter/
# too). Its texts are written in the languages of new.c's starter_langs[].
STARTER = "templates/starter"
STARTER_C = "generator/cli/new.c"
STARTER_CLIENT = 'Acme: "A/S" #1'
STARTER_FILL = {
    "KIT": "starter",
    "CLIENT": '"' + STARTER_CLIENT.replace("\\", "\\\\").replace('"', '\\"') + '"',
    "CLIENT_COMMENT": STARTER_CLIENT,
    "INITIALS": "AA",
    "LANGUAGES": None,  # from starter_langs[]
    "SCHEMA": "../../schema",
}
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")

# --- the C arrays and the schema objects they must agree with ---------------
# (C file, array name) -> (schema, JSON pointer to an object schema). The
# object's `properties` must be exactly the array's strings.
KEY_ARRAYS = [
    (("generator/model/kit.c", "kit_keys"), ("kit", "")),
    (("generator/model/deck.c", "deck_keys"), ("deck", "")),
    (("generator/model/deck.c", "category_keys"), ("deck", "/properties/categories/items")),
    (("generator/model/deck.c", "type_keys"), ("deck", "/properties/types/additionalProperties")),
    (("generator/model/deck.c", "card_keys"), ("deck", "/properties/cards/items")),
    (("generator/model/deck.c", "special_keys"), ("deck", "/properties/special/items")),
    (("generator/model/deck.c", "back_keys"), ("deck", "/properties/back")),
    (("generator/model/deck.c", "field_keys"), ("deck", "/definitions/field")),
    (("generator/model/deck.c", "numbering_keys"), ("deck", "/properties/numbering")),
    (("generator/model/deck.c", "csv_keys"), ("deck", "/properties/cards")),
    (("generator/model/deck.c", "box_keys"), ("deck", "/properties/box")),
    (("generator/model/template.c", "template_keys"), ("template", "")),
    (("generator/model/template.c", "face_names"), ("template", "/properties/faces")),
    (("generator/model/template.c", "keys_rect"), ("common", "/definitions/rectElement")),
    (("generator/model/template.c", "keys_text"), ("common", "/definitions/textElement")),
    (("generator/model/template.c", "keys_image"), ("common", "/definitions/imageElement")),
    (("generator/model/template.c", "keys_line"), ("common", "/definitions/lineElement")),
    (("generator/model/template.c", "keys_dots"), ("common", "/definitions/dotsElement")),
    (("generator/model/template.c", "keys_qr"), ("common", "/definitions/qrElement")),
    (("generator/model/template.c", "font_keys"), ("common", "/definitions/font")),
    (("generator/model/profile.c", "profile_keys"), ("profile", "")),
    (("generator/model/brand.c", "file_keys"), ("brand", "")),
    (("generator/model/brand.c", "block_keys"), ("template", "/properties/brand")),
    (("generator/model/document.c", "document_keys"), ("document", "")),
    (("generator/model/document.c", "page_keys"), ("document", "/definitions/page")),
    (("generator/model/document.c", "margin_keys"), ("document", "/definitions/margins")),
    (("generator/model/document.c", "fonts_keys"), ("document", "/definitions/fonts")),
    (("generator/model/document.c", "header_keys"), ("document", "/definitions/header")),
    (("generator/model/document.c", "footer_keys"), ("document", "/definitions/footer")),
    (("generator/model/document.c", "keys_title"), ("document", "/definitions/titleBlock")),
    (("generator/model/document.c", "keys_heading"), ("document", "/definitions/headingBlock")),
    (("generator/model/document.c", "keys_paragraph"), ("document", "/definitions/paragraphBlock")),
    (("generator/model/document.c", "keys_list"), ("document", "/definitions/listBlock")),
    (("generator/model/document.c", "keys_image"), ("document", "/definitions/imageBlock")),
    (("generator/model/document.c", "keys_break"), ("document", "/definitions/breakBlock")),
    (("generator/model/document.c", "keys_page_break"), ("document", "/definitions/pageBreakBlock")),
    (("generator/model/document.c", "keys_facts"), ("document", "/definitions/factsBlock")),
    (("generator/model/document.c", "keys_fact_row"), ("document", "/definitions/factRow")),
    (("generator/model/document.c", "keys_agenda"), ("document", "/definitions/agendaBlock")),
    (("generator/model/document.c", "keys_agenda_column"), ("document", "/definitions/agendaColumn")),
    (("generator/model/document.c", "keys_agenda_item"), ("document", "/definitions/agendaItem")),
    (("generator/model/document.c", "keys_table"), ("document", "/definitions/tableBlock")),
    (("generator/model/document.c", "keys_padding"), ("document", "/definitions/cellPaddingXY")),
    (("generator/model/document.c", "keys_table_column"), ("document", "/definitions/tableColumn")),
    (("generator/model/document.c", "keys_questions"), ("document", "/definitions/questionsBlock")),
    (("generator/model/document.c", "keys_agreements"), ("document", "/definitions/agreementsBlock")),
    (("generator/model/document.c", "keys_note"), ("document", "/definitions/noteBlock")),
    (("generator/model/document.c", "keys_lines"), ("document", "/definitions/linesBlock")),
    (("generator/model/document.c", "keys_box"), ("document", "/definitions/boxBlock")),
    (("generator/model/document.c", "keys_fields"), ("document", "/definitions/fieldsBlock")),
    (("generator/model/document.c", "keys_scale"), ("document", "/definitions/scaleBlock")),
    (("generator/model/document.c", "keys_checklist"), ("document", "/definitions/checklistBlock")),
    (("generator/model/document.c", "keys_cards"), ("document", "/definitions/cardsBlock")),
    (("generator/model/board.c", "board_keys"), ("board", "")),
    (("generator/model/board.c", "type_keys"), ("board", "/definitions/spaceType")),
    (("generator/model/board.c", "track_keys"), ("board", "/definitions/track")),
    (("generator/model/board.c", "space_size_keys"), ("board", "/definitions/spaceSize")),
    (("generator/model/board.c", "end_keys"), ("board", "/definitions/trackEnd")),
    (("generator/model/board.c", "space_keys"), ("board", "/definitions/space")),
    (("generator/model/board.c", "shortcut_keys"), ("board", "/definitions/shortcut")),
    (("generator/model/board.c", "box_keys"), ("board", "/definitions/box")),
    (("generator/model/board.c", "header_keys"), ("board", "/definitions/header")),
    (("generator/model/board.c", "legend_keys"), ("board", "/definitions/legend")),
    (("generator/model/board.c", "zone_keys"), ("board", "/definitions/zone")),
    (("generator/model/board.c", "slot_keys"), ("board", "/definitions/labelled")),
    (("generator/model/board.c", "scale_keys"), ("board", "/definitions/scale")),
    (("generator/model/board.c", "placemat_keys"), ("board", "/definitions/placemat")),
    (("generator/model/board.c", "timeline_keys"), ("board", "/definitions/timeline")),
    (("generator/model/board.c", "pieces_keys"), ("board", "/definitions/pieces")),
    (("generator/model/board.c", "pawn_keys"), ("board", "/definitions/pawn")),
    (("generator/model/board.c", "token_keys"), ("board", "/definitions/token")),
    (("generator/model/board.c", "die_keys"), ("board", "/definitions/die")),
    (("generator/model/board.c", "spinner_keys"), ("board", "/definitions/spinner")),
    (("generator/model/board.c", "background_keys"), ("board", "/definitions/background")),
    (("generator/model/phrasebook.c", "file_keys"), ("phrasebook", "")),
    (("generator/model/about.c", "about_keys"), ("common", "/definitions/about")),
]
# Key lists written in place, (const char *const[]){"x", "y", NULL}, as the
# third argument of read_map(); found by read_map()'s fourth, the `what` of
# its messages: (C file, what) -> (schema, JSON pointer), as KEY_ARRAYS.
INLINE_KEY_ARRAYS = [
    (("generator/model/board.c", "point"), ("board", "/definitions/pointObject")),
    (("generator/model/board.c", "tiles"), ("board", "/properties/tiles")),
]
# (C file, array name) -> (schema, JSON pointer to a schema with an `enum`).
ENUM_ARRAYS = [
    (("generator/model/deck.c", "back_designs"), ("deck", "/properties/back/properties/design")),
    (("generator/model/deck.c", "deck_field_kind_names"), ("deck", "/definitions/fieldKind")),
    (("generator/model/deck.c", "markup_names"), ("deck", "/definitions/markupName")),
    (("generator/model/template.c", "type_names"), ("common", "/definitions/element/properties/type")),
    (("generator/model/template.c", "weight_names"), ("common", "/definitions/font/properties/weight")),
    (("generator/model/template.c", "style_names"), ("common", "/definitions/font/properties/style")),
    (("generator/model/template.c", "align_names"), ("common", "/definitions/textElement/properties/align")),
    (("generator/model/template.c", "valign_names"), ("common", "/definitions/textElement/properties/valign")),
    (("generator/model/template.c", "fit_names"), ("common", "/definitions/textElement/properties/fit")),
    (("generator/model/template.c", "correction_names"), ("common", "/definitions/qrElement/properties/correction")),
    (("generator/model/profile.c", "page_order_names"), ("profile", "/properties/order")),
    (("generator/model/profile.c", "fine_marks_names"), ("profile", "/properties/fine-marks")),
    (("generator/model/template.c", "field_names"), ("common", "/definitions/fieldName")),
    (("generator/model/document.c", "doc_block_names"), ("document", "/definitions/block/properties/type")),
    (("generator/model/document.c", "agenda_field_names"),
     ("document", "/definitions/agendaColumn/properties/field")),
    (("generator/model/document.c", "align_names"),
     ("document", "/definitions/paragraphBlock/properties/align")),
    (("generator/model/document.c", "style_names"),
     ("document", "/definitions/paragraphBlock/properties/style")),
    (("generator/model/document.c", "scale_names"), ("document", "/definitions/scaleBlock/properties/kind")),
    (("generator/model/document.c", "show_names"), ("document", "/definitions/cardsBlock/properties/show")),
    (("generator/model/document.c", "furniture_fields"), ("document", "/definitions/furnitureField")),
    (("generator/model/document.c", "page_fields"), ("document", "/definitions/pageField")),
    (("generator/model/board.c", "track_shapes"), ("board", "/definitions/track/properties/shape")),
    (("generator/model/board.c", "space_forms"), ("board", "/definitions/spaceSize/properties/shape")),
    (("generator/model/board.c", "corners"), ("board", "/definitions/track/properties/from")),
    (("generator/model/board.c", "directions"), ("board", "/definitions/track/properties/direction")),
    (("generator/model/board.c", "zone_shapes"), ("board", "/definitions/zone/properties/shape")),
    (("generator/model/board.c", "slot_shapes"), ("board", "/definitions/zone/properties/slot-shape")),
    (("generator/model/board.c", "scale_directions"), ("board", "/definitions/scale/properties/direction")),
    (("generator/model/board.c", "token_shapes"), ("board", "/definitions/token/properties/shape")),
    (("generator/model/board.c", "orientations"), ("board", "/properties/orientation")),
    (("generator/model/board.c", "aligns"), ("board", "/definitions/header/properties/align")),
    (("generator/model/about.c", "about_level_names"), ("common", "/definitions/about/properties/level")),
]
# Objects chosen by their `type:`: (C file, array of type names, array of key
# arrays by type) -> (schema, JSON pointer to the dispatching schema, whose
# allOf pairs each type (if: type const or enum) with a $ref to a definition).
# Each type must go to the definition KEY_ARRAYS maps its key array to. The
# key arrays are listed in the types' order, or with [ENUM] = designators
# that the type names' array uses too.
DISPATCH = [
    (("generator/model/template.c", "type_names", "keys_by_type"), ("common", "/definitions/element")),
    (("generator/model/document.c", "doc_block_names", "block_keys"),
     ("document", "/definitions/block")),
]
# Texts with {fields}: the schema's enum of the fields (itself mapped to a C
# array above) against the string schema whose pattern allows them: each
# field in braces passes, and every other field this table knows fails.
FIELD_PATTERNS = [
    (("document", "/definitions/furnitureField"), ("document", "/definitions/furnitureString")),
    (("document", "/definitions/pageField"), ("document", "/definitions/pageString")),
    (("common", "/definitions/fieldName"), ("common", "/definitions/templateString")),
]
# Every `const char *const NAME[]` of generator/model/*.c must be in a table
# here (so that a new array of keys or choices is not silently left out), or
# in this list of arrays that are not keys or choices of a file.
NOT_SCHEMA_ARRAYS = {
    ("generator/model/profile.c", "fine_keys"): "read_fine_marks(): min-text-size, "
    "min-reversed-text-size, min-line-width, in profile_keys",
    ("generator/model/template.c", "kind_names"): "words for messages",
    ("generator/model/document.c", "names"): "apply_brand(): brand colours a document takes",
    ("generator/model/board.c", "names"): "read_box(): x, y, w, h, each read_required()",
    ("generator/model/item.c", "card_fields"): "collect_deck(): the texts the summary counts",
    ("generator/model/item.c", "category_fields"): "collect_deck(): the texts the summary counts",
    ("generator/model/deck.c", "reserved_names"): "names a deck's own field may not take "
    "(the schema's fields propertyNames)",
    ("generator/model/deck.c", "schemes"): "is_url(): what a url field's value starts with",
    ("generator/model/deck.c", "yes"): "split_rows(): a CSV cell that makes a card special",
    ("generator/model/deck.c", "no"): "split_rows(): a CSV cell that does not",
    ("generator/model/deck.c", "csv_card_keys"): "read_csv(): the columns of a CSV file, "
    "not YAML keys",
    ("generator/model/deck.c", "names"): "put_header(): the built-in columns of an export",
    ("generator/model/about.c", "wanted"): "warn_missing(): the about keys check warns about",
}
# String schemas that also take a deck's own field by name, {answer}: a
# field this table knows that such a name could be passes them.
CUSTOM_FIELD_NAME = {("common", "/definitions/templateString"): r"^[A-Za-z][A-Za-z0-9_-]{0,63}$"}
# The kinds of file: item.c's item_kind_names[] against the `kind` const of each schema.
KINDS_ARRAY = ("generator/model/item.c", "item_kind_names")
# field_get_kind() in template.c sorts the fields; each kind has an enum.
FIELD_KIND_ENUMS = {
    "FIELD_KIND_TEXT": ("common", "/definitions/textFieldName"),
    "FIELD_KIND_COLOR": ("common", "/definitions/colorFieldName"),
    "FIELD_KIND_IMAGE": ("common", "/definitions/imageFieldName"),
}
# Keys the loader requires (read_required / req_length calls, plus the
# kind: and id: of read_header in kit.c) against the `required` lists in
# these schema objects (not following $ref).
REQUIRED = [
    ("generator/model/kit.c", [("kit", "")]),
    ("generator/model/deck.c", [("deck", "")]),
    ("generator/model/template.c",
     [("template", "")] + [("common", "/definitions/" + d) for d in
                           ("font", "element", "rectElement", "textElement", "imageElement",
                            "lineElement", "dotsElement", "qrElement")]),
    ("generator/model/profile.c", [("profile", "")]),
    ("generator/model/brand.c", [("brand", ""), ("template", "/properties/brand")]),
    # ("document", "") takes in the document schema's definitions: its blocks
    ("generator/model/document.c", [("document", "")]),
    ("generator/model/board.c", [("board", "")]),
]
# Required by the loader without a read_required() call.
REQUIRED_BY_HAND = {
    # template_read() loops over face_names and reports "faces has no 'front'"
    "generator/model/template.c": {"front", "back"},
    # read_block() reports "block has no 'type'" itself
    "generator/model/document.c": {"type"},
    # read_box() loops read_required() over its names[] x, y, w, h; read_types()
    # reports a type without 'name' or 'color' (and no 'category') itself
    "generator/model/board.c": {"x", "y", "w", "h", "name", "color"},
}


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, what, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}" + (f": {detail}" if detail else ""))
        return cond


# --- YAML 1.2 core schema, keys as written -----------------------------------
# libyaml's parser, as deckpress uses: PyYAML's pure-Python one refuses a '?'
# inside a plain text in a flow mapping ({da: Hvad?, en: What?}).
class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    yaml_implicit_resolvers = {}


def _resolver(tag, pattern, first):
    Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolver("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
          "-+0123456789")
_resolver("tag:yaml.org,2002:float",
          r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
              |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", "-+0123456789.")


def _int(loader, node):
    v = loader.construct_scalar(node)
    if v.startswith("0o"):
        return int(v[2:], 8)
    if v.startswith("0x"):
        return int(v[2:], 16)
    return int(v, 10)


def _float(loader, node):
    v = loader.construct_scalar(node).lower()
    if v.endswith(".inf"):
        return float("-inf") if v.startswith("-") else float("inf")
    if v == ".nan":
        return float("nan")
    return float(v)


def _mapping(loader, node):
    out = {}
    for k, v in node.value:
        key = k.value if isinstance(k, yaml.ScalarNode) else loader.construct_object(k, deep=True)
        out[key] = loader.construct_object(v, deep=True)
    return out


Loader.add_constructor("tag:yaml.org,2002:int", _int)
Loader.add_constructor("tag:yaml.org,2002:float", _float)
Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def load_yaml(text):
    return yaml.load(text, Loader=Loader)


def position(text, path, key=False):
    """line:col of the node at path (a list of keys and indexes), or ''; of
    the last key rather than its value with key=True."""
    try:
        node = yaml.compose(text, Loader=Loader)
        for i, part in enumerate(path):
            if isinstance(node, yaml.MappingNode):
                k, node = next((k, v) for k, v in node.value if k.value == str(part))
                if key and i == len(path) - 1:
                    node = k
            elif isinstance(node, yaml.SequenceNode):
                node = node.value[int(part)]
        return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"
    except Exception:  # a path into a broken document: no position
        return ""


def message(e):
    """The validator's message, or the schema's own words for a pattern."""
    if e.context:  # anyOf and the like: the complaint of the alternative of the right type
        fitting = [c for c in e.context if c.validator != "type"] or e.context
        return message(jsonschema.exceptions.best_match(fitting))
    if e.validator == "pattern" and "patternErrorMessage" in e.schema:
        return f"{e.instance!r}: {e.schema['patternErrorMessage']}"
    return e.message


# --- schemas -------------------------------------------------------------------
class Schemas:
    def __init__(self, root):
        self.dir = os.path.join(root, "schema")
        self.docs = {}
        for name in ("common",) + KINDS + OTHER_KINDS:
            with open(os.path.join(self.dir, f"{name}.schema.json"), encoding="utf-8") as f:
                self.docs[name] = json.load(f)
        self.validators = {}
        for kind in KINDS + OTHER_KINDS:
            jsonschema.Draft7Validator.check_schema(self.docs[kind])
        jsonschema.Draft7Validator.check_schema(self.docs["common"])
        for kind in KINDS + OTHER_KINDS:
            self.validators[kind] = self._validator(self.docs[kind], f"{kind}.schema.json")

    def _validator(self, schema, uri=""):
        # Refs are relative ("common.schema.json#/definitions/length", or
        # "#/definitions/page" within a file), so the schemas work from files
        # in editors; here they resolve by file name, uri being schema's own.
        try:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT7
        except ImportError:  # jsonschema < 4.18 (Debian 12 has 4.10)
            store = {f"{n}.schema.json": d for n, d in self.docs.items()}
            resolver = jsonschema.RefResolver(base_uri=uri, referrer=schema, store=store)
            return jsonschema.Draft7Validator(schema, resolver=resolver)
        registry = Registry().with_resources(
            (f"{n}.schema.json", Resource(contents=d, specification=DRAFT7))
            for n, d in self.docs.items())
        return jsonschema.Draft7Validator(schema, registry=registry)

    def errors(self, kind, doc):
        return sorted(self.validators[kind].iter_errors(doc), key=lambda e: list(e.absolute_path))

    def at(self, name, pointer):
        """The schema object at pointer in schema name, following $ref."""
        node = self.docs[name]
        for part in [p for p in pointer.split("/") if p]:
            node = node[part]
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            target, _, frag = node["$ref"].partition("#")
            if target:
                name = target.removesuffix(".schema.json")
            node = self.docs[name]
            for part in [p for p in frag.split("/") if p]:
                node = node[part]
            seen += 1
            if seen > 20:
                raise ValueError(f"$ref loop at {name}#{pointer}")
        return node


# --- 1. the YAML files ---------------------------------------------------------
def yaml_files(root):
    for d in YAML_DIRS:
        top = os.path.join(root, d)
        if not os.path.isdir(top):
            yield os.path.join(d), None  # reported as missing
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith((".yaml", ".yml")):
                    yield os.path.relpath(os.path.join(dirpath, f), root), True


def starter_fill(root, rep):
    """STARTER_FILL with @LANGUAGES@, after checking its names against the
    placeholders[] of new.c; None when they differ."""
    src = CSource(root)
    try:
        names, langs = src.strings(STARTER_C, "placeholders"), src.strings(STARTER_C, "starter_langs")
    except OSError as e:
        rep.ok(False, f"files: {STARTER_C}", f"cannot read: {e}")
        return None
    if not rep.ok(names and langs, f"files: {STARTER_C}",
                  "placeholders[] or starter_langs[] not found; was it renamed? update "
                  "STARTER_FILL in tests/schema/check_schema.py"):
        return None
    if not rep.ok(sorted(names) == sorted(STARTER_FILL), f"files: {STARTER_C}: placeholders[]",
                  diff_msg("new.c", names, "STARTER_FILL", list(STARTER_FILL), "placeholder",
                           "fills")):
        return None
    return dict(STARTER_FILL, LANGUAGES=", ".join(langs))


def fill_starter(text, fill):
    """The starter file's text as `deckpress new` writes it for the kit's
    languages being the starter's, and the unknown placeholders in it."""
    unknown = sorted({m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(1) not in fill})
    return PLACEHOLDER.sub(lambda m: fill.get(m.group(1), m.group(0)), text), unknown


def check_files(root, schemas, rep):
    """One pass per valid file; one failure per problem."""
    count = 0
    fill = False  # not read yet
    for rel, exists in yaml_files(root):
        if exists is None:
            rep.ok(False, f"files: folder {rel}", "not found")
            continue
        count += 1
        path = os.path.join(root, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if rel.startswith(STARTER + os.sep):
            if fill is False:
                fill = starter_fill(root, rep)
            if fill is None:
                continue
            text, unknown = fill_starter(text, fill)
            if not rep.ok(not unknown, f"files: {rel}",
                          f"unknown placeholder {', '.join(unknown)} (new.c fills "
                          f"{', '.join('@' + k + '@' for k in fill)})"):
                continue
        try:
            doc = load_yaml(text)
        except yaml.YAMLError as e:
            rep.ok(False, f"files: {rel}", f"not YAML: {e}")
            continue
        kind = doc.get("kind") if isinstance(doc, dict) else None
        if kind not in KINDS + OTHER_KINDS:
            rep.ok(False, f"files: {rel}",
                   f"no schema for kind {kind!r} yet" if kind in KINDS_WITHOUT_SCHEMA else
                   f"kind is {kind!r}, expected one of {', '.join(KINDS)}")
            continue
        problems = []
        for e in schemas.errors(kind, doc):
            at = list(e.absolute_path)
            loc = "/".join(str(p) for p in at) or "(top)"
            key = e.validator == "additionalProperties" and isinstance(e.instance, dict)
            if key:  # point at the unknown key
                at += [k for k in e.instance if k not in e.schema.get("properties", {})][:1]
            problems.append((f"files: {rel}:{position(text, at, key=key)}",
                             f"{loc}: {message(e)}"))
        m = MODELINE.match(text.split("\n", 1)[0])
        if m:
            target = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
            want = os.path.join(schemas.dir, f"{kind}.schema.json")
            if target != os.path.normpath(want):
                problems.append((f"files: {rel}:1",
                                 f"$schema={m.group(1)} is not the {kind} schema "
                                 f"({os.path.relpath(want, os.path.dirname(path))})"))
        for what, detail in problems:
            rep.ok(False, what, detail)
        if not problems:
            rep.ok(True, rel)
    rep.ok(count > 0, "files", "no YAML files found")
    return count


# --- 2. agreement with the C loader ------------------------------------------
def strip_c_comments(src):
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


class CSource:
    def __init__(self, root):
        self.root = root
        self.cache = {}

    def text(self, rel):
        if rel not in self.cache:
            with open(os.path.join(self.root, rel), encoding="utf-8") as f:
                self.cache[rel] = strip_c_comments(f.read())
        return self.cache[rel]

    def body(self, rel, name):
        """The text between the braces of `const char *const name[] = {...};`."""
        m = re.search(r"\bconst\s+char\s*\*\s*const\s+" + re.escape(name)
                      + r"\s*\[[^\]]*\]\s*=\s*\{(.*?)\}\s*;", self.text(rel), re.S)
        return m.group(1) if m else None

    def strings(self, rel, name):
        b = self.body(rel, name)
        return None if b is None else STRING.findall(b)


def diff_msg(c_name, c_vals, s_name, s_vals, what, verb="accepts"):
    msgs = []
    only_c = [v for v in c_vals if v not in s_vals]
    only_s = [v for v in s_vals if v not in c_vals]
    if only_c:
        msgs.append(f"the loader {verb} {what} {', '.join(repr(v) for v in only_c)} "
                    f"({c_name}) but the schema ({s_name}) lacks "
                    f"{'it' if len(only_c) == 1 else 'them'}")
    if only_s:
        msgs.append(f"the schema ({s_name}) has {what} {', '.join(repr(v) for v in only_s)} "
                    f"that the loader ({c_name}) does not {verb.rstrip('s')}")
    if len(set(c_vals)) != len(c_vals):
        msgs.append(f"{c_name} lists a {what} twice")
    return "; ".join(msgs)


def check_agreement(root, schemas, rep):
    src = CSource(root)

    def c_array(rel, name):
        try:
            vals = src.strings(rel, name)
        except OSError as e:
            rep.ok(False, f"agreement: {rel}", f"cannot read: {e}")
            return None
        rep.ok(vals is not None, f"agreement: {rel}: {name}[]",
               "array not found; was it renamed? update KEY_ARRAYS/ENUM_ARRAYS in "
               "tests/schema/check_schema.py")
        if vals is not None:
            rep.ok(len(vals) > 0, f"agreement: {rel}: {name}[]", "no strings in it")
        return vals

    def s_obj(name, pointer):
        try:
            return schemas.at(name, pointer)
        except (KeyError, IndexError, TypeError):
            rep.ok(False, f"agreement: schema/{name}.schema.json#{pointer}", "not found")
            return None

    for (rel, arr), (sname, ptr) in KEY_ARRAYS:
        vals = c_array(rel, arr)
        obj = s_obj(sname, ptr)
        if vals is None or obj is None:
            continue
        props = list(obj.get("properties", {}))
        c_name, s_name = f"{rel}: {arr}[]", f"schema/{sname}.schema.json#{ptr}"
        rep.ok(obj.get("additionalProperties") is False, f"agreement: {s_name}",
               "needs additionalProperties: false (the loader rejects unknown keys)")
        msg = diff_msg(c_name, vals, s_name, props, "key")
        rep.ok(not msg, f"agreement: {arr}", msg)

    for (rel, what), (sname, ptr) in INLINE_KEY_ARRAYS:
        try:
            text = src.text(rel)
        except OSError as e:
            rep.ok(False, f"agreement: {rel}", f"cannot read: {e}")
            continue
        m = re.search(r"\bread_map\s*\([^;]*?\(\s*const\s+char\s*\*\s*const\s*\[\s*\]\s*\)\s*"
                      r"\{([^}]*)\}\s*,\s*\"" + re.escape(what) + r"\"\s*\)", text, re.S)
        if not rep.ok(m is not None, f"agreement: {rel}: read_map(..., \"{what}\")",
                      "its key list written in place was not found; was it moved or named? "
                      "update INLINE_KEY_ARRAYS (or KEY_ARRAYS) in tests/schema/check_schema.py"):
            continue
        vals = STRING.findall(m.group(1))
        obj = s_obj(sname, ptr)
        if obj is None:
            continue
        c_name, s_name = f"{rel}: read_map(..., \"{what}\")", f"schema/{sname}.schema.json#{ptr}"
        rep.ok(obj.get("additionalProperties") is False, f"agreement: {s_name}",
               "needs additionalProperties: false (the loader rejects unknown keys)")
        msg = diff_msg(c_name, vals, s_name, list(obj.get("properties", {})), "key")
        rep.ok(not msg, f"agreement: {what} keys", msg)

    for (rel, arr), (sname, ptr) in ENUM_ARRAYS:
        vals = c_array(rel, arr)
        obj = s_obj(sname, ptr)
        if vals is None or obj is None:
            continue
        c_name, s_name = f"{rel}: {arr}[]", f"schema/{sname}.schema.json#{ptr}"
        if not rep.ok("enum" in obj, f"agreement: {s_name}", "has no enum"):
            continue
        msg = diff_msg(c_name, vals, s_name, obj["enum"], "value")
        rep.ok(not msg, f"agreement: {arr}", msg)

    # every array of the model is in a table, or known not to be one
    tables = {a for a, _ in KEY_ARRAYS + ENUM_ARRAYS} | {KINDS_ARRAY} | set(NOT_SCHEMA_ARRAYS)
    tables |= {(rel, arr) for (rel, names, keys), _ in DISPATCH for arr in (names, keys)}
    model = os.path.join(root, "generator", "model")
    for f in sorted(os.listdir(model)) if os.path.isdir(model) else []:
        if not f.endswith(".c"):
            continue
        rel = f"generator/model/{f}"
        for arr in re.findall(r"\bconst\s+char\s*\*\s*const\s+(\w+)\s*\[", src.text(rel)):
            rep.ok((rel, arr) in tables, f"agreement: {rel}: {arr}[]",
                   "is in no table of tests/schema/check_schema.py: map it in KEY_ARRAYS or "
                   "ENUM_ARRAYS, or list it in NOT_SCHEMA_ARRAYS")

    # kinds[]: one schema per kind, whose `kind` is that const
    vals = c_array(*KINDS_ARRAY)
    if vals is not None:
        consts = [schemas.docs[k]["properties"]["kind"].get("const") for k in KINDS]
        consts += [k for k in KINDS_WITHOUT_SCHEMA if k in vals]
        msg = diff_msg(f"{KINDS_ARRAY[0]}: kinds[]", vals, "schema/*.schema.json kind", consts,
                       "kind")
        rep.ok(not msg and consts[:len(KINDS)] == list(KINDS), "agreement: kinds",
               msg or f"{consts}")
        for k in KINDS_WITHOUT_SCHEMA:
            rep.ok(not os.path.exists(os.path.join(schemas.dir, f"{k}.schema.json")),
                   f"agreement: kind {k!r}", "has a schema now: move it from "
                   "KINDS_WITHOUT_SCHEMA to KINDS and map its key arrays")

    # objects chosen by type: the C pairing of type names and key arrays
    # against the schema's dispatch
    for (rel, names_arr, keys_arr), (sname, ptr) in DISPATCH:
        what = f"agreement: {rel}: {keys_arr}[]"
        try:
            names_body = src.body(rel, names_arr)
        except OSError as e:
            rep.ok(False, f"agreement: {rel}", f"cannot read: {e}")
            continue
        m = re.search(r"\b" + re.escape(keys_arr) + r"\s*\[[^\]]*\]\s*=\s*\{(.*?)\}\s*;",
                      src.text(rel), re.S)
        if not rep.ok(m is not None and names_body is not None, what,
                      f"{keys_arr}[] or {names_arr}[] not found; was one renamed? update "
                      "DISPATCH in tests/schema/check_schema.py"):
            continue
        designated = re.findall(r"\[\s*(\w+)\s*\]\s*=\s*(\w+)", m.group(1))
        if designated:
            enum_to_name = dict(re.findall(r'\[\s*(\w+)\s*\]\s*=\s*"([^"]*)"', names_body))
            c_pairs = {enum_to_name.get(e, e): arr for e, arr in designated}
            names = list(enum_to_name.values())
        else:
            names = STRING.findall(names_body)
            arrays = re.findall(r"\w+", m.group(1))
            rep.ok(len(arrays) == len(names), what,
                   f"{len(arrays)} key lists for {len(names)} types")
            c_pairs = dict(zip(names, arrays))
        rep.ok(sorted(c_pairs) == sorted(names), what,
               f"pairs {sorted(c_pairs)} but {names_arr}[] has {sorted(names)}")
        to_def = {arr: p.rsplit("/", 1)[-1] for (r, arr), (s, p) in KEY_ARRAYS
                  if r == rel and s == sname}
        disp = s_obj(sname, ptr)
        if disp is None:
            continue
        s_pairs = {}
        for branch in disp.get("allOf", []):
            cond = branch.get("if", {}).get("properties", {}).get("type", {})
            target = branch.get("then", {}).get("$ref", "").rsplit("/", 1)[-1]
            for t in ([cond["const"]] if "const" in cond else cond.get("enum", [])):
                s_pairs[t] = target
        for t, arr in c_pairs.items():
            rep.ok(arr in to_def, f"agreement: {rel}: {arr}[]",
                   f"used for type {t!r} in {keys_arr}[] but not in KEY_ARRAYS")
            rep.ok(s_pairs.get(t) == to_def.get(arr), f"agreement: {names_arr} type {t!r}",
                   f"the loader reads it with {arr}[], mapped to {to_def.get(arr)}, but the "
                   f"schema's dispatch (schema/{sname}.schema.json#{ptr}) uses {s_pairs.get(t)}")
        extra = sorted(set(s_pairs) - set(c_pairs))
        rep.ok(not extra, f"agreement: schema/{sname}.schema.json#{ptr}",
               f"dispatches types the loader does not know: {extra}")

    # texts with fields: the enum of fields against the pattern
    known = {v for (sn, sp), _ in FIELD_PATTERNS for v in (s_obj(sn, sp) or {}).get("enum", [])}
    for (ename, eptr), (tname, tptr) in FIELD_PATTERNS:
        fields = (s_obj(ename, eptr) or {}).get("enum")
        if not rep.ok(fields, f"agreement: schema/{ename}.schema.json#{eptr}", "has no enum"):
            continue
        v = schemas._validator({"$ref": f"{tname}.schema.json#{tptr}"})
        where = f"schema/{tname}.schema.json#{tptr}"
        for f in fields:
            rep.ok(v.is_valid(f"a {{{f}}} b"), f"agreement: field {f!r}",
                   f"in {ename}#{eptr} but '{{{f}}}' does not pass {where}")
        custom = CUSTOM_FIELD_NAME.get((tname, tptr))
        for f in sorted(known - set(fields)) + ["nofield", "no.field"]:
            if custom and re.match(custom, f):
                rep.ok(v.is_valid(f"a {{{f}}} b"), f"agreement: field {f!r}",
                       f"a deck's own field may be called {f!r} but '{{{f}}}' fails {where}")
                continue
            rep.ok(not v.is_valid(f"a {{{f}}} b"), f"agreement: field {f!r}",
                   f"not in {ename}#{eptr} but '{{{f}}}' passes {where}")

    # fields by kind: field_names[] designators and field_get_kind()
    rel = "generator/model/template.c"
    text = src.text(rel)
    fbody = src.body(rel, "field_names")
    sw = re.search(r"field_get_kind\s*\([^)]*\)\s*\{(.*?)\n\}", text, re.S)
    if rep.ok(fbody is not None and sw is not None, "agreement: field kinds",
              "field_names[] or field_get_kind() not found in template.c"):
        enum_to_name = dict(re.findall(r'\[\s*(\w+)\s*\]\s*=\s*"([^"]*)"', fbody))
        kinds, pending = {}, []
        for tok in re.finditer(r"case\s+(\w+)\s*:|return\s+(\w+)\s*;|default\s*:", sw.group(1)):
            if tok.group(1):
                pending.append(tok.group(1))
            elif tok.group(2):
                if not pending:  # default: everything not listed
                    kinds.setdefault(tok.group(2), []).append(None)
                for e in pending:
                    kinds.setdefault(tok.group(2), []).append(enum_to_name.get(e, e))
                pending = []
        listed = {n for v in kinds.values() for n in v if n}
        for kind, (sname, ptr) in FIELD_KIND_ENUMS.items():
            c_vals = [n for n in kinds.get(kind, []) if n]
            if None in kinds.get(kind, []):
                c_vals += [n for n in enum_to_name.values() if n not in listed]
            obj = s_obj(sname, ptr)
            if obj is None:
                continue
            msg = diff_msg(f"{rel}: field_get_kind() {kind}", c_vals,
                           f"schema/{sname}.schema.json#{ptr}", obj.get("enum", []), "field")
            rep.ok(not msg, f"agreement: {kind}", msg)

    # required keys
    header = re.search(r"static bool read_header\(.*?\n\}", src.text("generator/model/kit.c"),
                       re.S)
    if not rep.ok(header is not None, "agreement: read_header()", "not found in kit.c"):
        return
    head_keys = set(re.findall(r'read_required\([^,]+,[^,]+,\s*"([^"]+)"', header.group(0)))
    for rel, objs in REQUIRED:
        try:
            text = src.text(rel)
        except OSError as e:
            rep.ok(False, f"agreement: {rel}", f"cannot read: {e}")
            continue
        c_req = set(re.findall(r'read_required\([^,]+,[^,]+,\s*"([^"]+)"', text))
        c_req |= set(re.findall(r'req_(?:length|tstring)\([^,]+,[^,]+,\s*"([^"]+)"', text))
        c_req |= head_keys | REQUIRED_BY_HAND.get(rel, set())
        s_req = set()
        for sname, ptr in objs:
            obj = s_obj(sname, ptr)
            if obj is not None:
                s_req |= collect_required(obj)
        msg = diff_msg(f"{rel} (read_required)", sorted(c_req),
                       ", ".join(f"{s}#{p}" for s, p in objs) + " required", sorted(s_req),
                       "key", verb="requires")
        rep.ok(not msg, f"agreement: required keys of {rel}", msg)

    # phrasebook.c: the keys of its phrases[] table are the schema's texts,
    # and each text's pattern takes exactly the placeholders of its entry
    rel = "generator/model/phrasebook.c"
    table = dict(re.findall(r'\[PHRASE_\w+\]\s*=\s*\{\s*"([^"]+)",\s*\{([^}]*)\}', src.text(rel)))
    texts = s_obj("phrasebook", "/properties/texts")
    if rep.ok(bool(table), f"agreement: {rel}: phrases[]", "table not found") and texts:
        msg = diff_msg(f"{rel}: phrases[]", list(table), "schema/phrasebook.schema.json#"
                       "/properties/texts", list(texts.get("properties", {})), "key")
        rep.ok(not msg, "agreement: phrases", msg)
        every = {n for v in table.values() for n in STRING.findall(v)}
        for key, body in table.items():
            pattern = texts.get("properties", {}).get(key, {}).get("pattern")
            if pattern is None:
                continue
            mine = set(STRING.findall(body))
            bad = [n for n in sorted(every | {"x"}) if bool(re.match(pattern, "{" + n + "}")) != (n in mine)]
            rep.ok(not bad, f"agreement: phrasebook {key}",
                   f"the schema's pattern disagrees with phrases[] on {bad}")

    # scalar.c: every unit makes a length, every preset a size
    rel = "generator/load/scalar.c"
    m = re.search(r"\}\s*units\s*\[\s*\]\s*=\s*\{(.*?)\}\s*;", src.text(rel), re.S)
    units = re.findall(r'\{\s*"([^"]+)"', m.group(1)) if m else []
    if rep.ok(units, "agreement: scalar.c units[]", "not found"):
        for u in units:
            for value, defn in ((f"-1.5{u}", "length"), (f" 3 {u} ", "extent")):
                rep.ok(valid(schemas, defn, value), f"agreement: unit {u!r}",
                       f"{value!r} is a valid {defn} for the loader but not for the schema")
        rep.ok(valid(schemas, "size", f"63{units[0]} x 88{units[-1]}"), "agreement: size units")
    presets = src.strings(rel, "scalar_size_presets")
    if rep.ok(presets, "agreement: scalar.c scalar_size_presets[]", "not found"):
        for p in presets:
            for value in (p, p.upper(), f"{p} landscape", f"  {p}   portrait"):
                rep.ok(valid(schemas, "size", value), f"agreement: size preset {p!r}",
                       f"{value!r} is a size for the loader but not for the schema")
            rep.ok(not valid(schemas, "size", f"{p} sideways"), f"agreement: size preset {p!r}",
                   f"'{p} sideways' passes the schema")


def collect_required(node):
    """The `required` keys of node and of the object schemas under it, and
    under allOf and the then and else of a condition (keys the loader
    requires in some cases), not inside alternatives (anyOf, oneOf, if, not)."""
    out = set()
    if isinstance(node, dict):
        out |= set(node.get("required", []))
        for key in ("properties", "definitions"):
            for sub in node.get(key, {}).values():
                out |= collect_required(sub)
        for key in ("items", "additionalProperties", "then", "else"):
            if isinstance(node.get(key), dict):
                out |= collect_required(node[key])
        for sub in node.get("allOf", []):
            out |= collect_required(sub)
    return out


def valid(schemas, definition, value):
    """Does value pass common.schema.json#/definitions/<definition>?"""
    v = schemas._validator({"$ref": f"common.schema.json#/definitions/{definition}"})
    return v.is_valid(value)


# --- 3. strictness ------------------------------------------------------------
BASE = {
    "kit": """\
kind: kit
id: k
title: {da: Kit, en: Kit}
languages: [da, en]
""",
    "deck": """\
kind: deck
id: d
title: {da: Dæk, en: Deck}
size: poker
template: t
types:
  question: {label: {da: Spørgsmål, en: Question}}
categories:
  - {id: tillid, name: {da: Tillid, en: Trust}, color: "#2B6CA8"}
cards:
  - {id: T01, category: tillid, type: question, text: {da: Hvad?, en: What?}}
""",
    "template": """\
kind: template
id: t
faces:
  front:
    - {type: rect, x: 0mm, y: 0mm, w: 63mm, h: 20mm, fill: "{category.color}"}
    - {type: text, x: 5mm, y: 25mm, w: 53mm, h: 40mm, text: "{text}",
       font: {family: Lato, size: 12pt}}
  back:
    - {type: rect, x: 0mm, y: 0mm, w: 63mm, h: 88mm, fill: "{back.color}"}
""",
    "profile": """\
kind: profile
id: p
""",
    "brand": """\
kind: brand
id: b
name: Arbejdsliv & Trivsel
fonts: {heading: Lato, body: Noto Sans}
logo: logo.svg
""",
    "document": """\
kind: document
id: doc
title: {da: Dokument, en: Document}
blocks:
  - {type: title}
  - {type: paragraph, text: {da: Tekst, en: Text}}
  - type: table
    columns: [{da: Hvad, en: What}, {label: Hvem, width: 30mm}]
    empty-rows: 2
  - type: agenda
    start: "9:00"
    columns: [{field: time, width: 20mm}, {field: title}]
    items: [{minutes: 10, title: Velkomst}]
  - {type: scale, label: Nytte}
""",
    "board": """\
kind: board
id: b
title: {da: Bræt, en: Board}
size: a2 landscape
types:
  dilemma: {name: Dilemma, color: "#B4443A"}
track:
  shape: serpentine
  spaces: [dilemma, {category: tillid}]
legend: {x: 12mm, y: 12mm, w: 100mm, h: 40mm}
""",
}

# (what, kind, path into the base document, YAML text of the new value or
# None to delete, should the result be valid?)
CASES = [
    # the loader rejects these: the schema must too
    ("deck with an unknown key", "deck", ["colour"], '"#2B6CA8"', False),
    ("category with an unknown key", "deck", ["categories", 0, "colour"], '"#FFF"', False),
    ("card with a category-less special key", "deck", ["special"], "[{id: s, category: tillid, text: x}]", False),
    ("deck without cards", "deck", ["cards"], None, False),
    ("deck with no cards", "deck", ["cards"], "[]", False),
    ("bare number bleed", "deck", ["bleed"], "3", False),
    ("quoted bare number bleed", "deck", ["bleed"], '"3"', False),
    ("negative bleed", "deck", ["bleed"], "-3mm", False),
    ("bleed in px", "deck", ["bleed"], "3px", False),
    ("bare number x", "template", ["faces", "front", 0, "x"], "5", False),
    ("colour without #", "deck", ["categories", 0, "color"], "red", False),
    ("colour of five digits", "deck", ["categories", 0, "color"], '"#12345"', False),
    ("unquoted colour (a YAML comment)", "deck", ["categories", 0, "color"], "#2B6CA8", False),
    ("text field as colour", "template", ["faces", "front", 0, "fill"], '"{category.name}"', False),
    ("size without unit", "deck", ["size"], "63 x 88", False),
    ("size preset misspelt", "deck", ["size"], "a6 landscap", False),
    ("id starting with -", "deck", ["cards", 0, "id"], "-T01", False),
    ("id with a space", "deck", ["cards", 0, "id"], "T 01", False),
    ("level 0", "deck", ["cards", 0, "level"], "0", False),
    ("count 1001", "deck", ["cards", 0, "count"], "1001", False),
    ("language code in capitals", "deck", ["title"], "{DA: Dæk, en: Deck}", False),
    ("language map as a list", "deck", ["title"], "[Dæk, Deck]", False),
    ("empty language list", "kit", ["languages"], "[]", False),
    ("language listed twice", "kit", ["languages"], "[da, da]", False),
    ("unknown back design", "deck", ["back"], "{design: random}", False),
    ("unknown element type", "template", ["faces", "front", 0, "type"], "circle", False),
    ("font on a rect", "template", ["faces", "front", 0, "font"], "{family: Lato, size: 9pt}", False),
    ("rect without fill or stroke", "template", ["faces", "front", 0, "fill"], None, False),
    ("text without font", "template", ["faces", "front", 1, "font"], None, False),
    ("unknown font weight", "template", ["faces", "front", 1, "font", "weight"], "heavy", False),
    ("unknown field in a text", "template", ["faces", "front", 1, "text"], '"{categry.name}"', False),
    ("unclosed brace in a text", "template", ["faces", "front", 1, "text"], '"{text"', False),
    ("when on a colour field", "template", ["faces", "front", 1, "when"], "{category.color: x}", False),
    ("dots value not a field", "template", ["faces", "front", 2],
     "{type: dots, x: 1mm, y: 1mm, w: 9mm, h: 2mm, count: 3, value: 2}", False),
    ("image field of the wrong kind", "template", ["faces", "front", 2],
     '{type: image, x: 1mm, y: 1mm, w: 9mm, h: 9mm, src: "{category.color}"}', False),
    ("template without back", "template", ["faces", "back"], None, False),
    ("unknown face", "template", ["faces", "side"], "[]", False),
    ("line-height 4", "template", ["faces", "front", 1, "line-height"], "4", False),
    ("tint 150%", "template", ["faces", "front", 0, "tint"], "150%", False),
    ("ink limit 500%", "profile", ["ink-limit"], "500%", False),
    ("marks: yes", "profile", ["marks"], "yes", False),
    ("unknown page order", "profile", ["order"], "back-frist", False),
    ("kit with an unknown key", "kit", ["colour"], "x", False),
    # the loader accepts these: the schema must too
    ("negative x", "template", ["faces", "front", 0, "x"], "-3mm", True),
    ("x with spaces and +", "template", ["faces", "front", 0, "x"], '" +3 mm"', True),
    ("size 63x88mm", "deck", ["size"], "63x88mm", True),
    ("size 63mm x 88mm", "deck", ["size"], "63mm x 88mm", True),
    ("size A6 landscape", "deck", ["size"], "A6 landscape", True),
    ("short colour", "deck", ["categories", 0, "color"], '"#fff"', True),
    ("plain string title", "deck", ["title"], "Kapitalkort", True),
    ("number version", "deck", ["version"], "1.0", True),
    ("'=' for a translation", "deck", ["title"], "{da: Dæk, en: =}", True),
    ("numeric card id", "deck", ["cards", 0, "id"], "1", True),
    ("quoted level", "deck", ["cards", 0, "level"], '"3"', True),
    ("count 1000", "deck", ["cards", 0, "count"], "1000", True),
    ("special cards", "deck", ["special"], "[{id: how-to, title: Sådan, text: x, count: 2}]", True),
    ("uniform back", "deck", ["back"], '{design: uniform, color: "#1F2A44", text: Back}', True),
    ("literal braces", "template", ["faces", "front", 1, "text"], '"{{not a field}} {id}"', True),
    ("per-language template text", "template", ["faces", "front", 1, "text"],
     '{da: "Kort {id}", en: "Card {id}"}', True),
    ("when list and set", "template", ["faces", "front", 1, "when"],
     "{type: [question, statement], title: set}", True),
    ("dots on level", "template", ["faces", "front", 2],
     '{type: dots, x: 1mm, y: 1mm, w: 9mm, h: 2mm, count: 3, value: "{level}", fill: "#000"}', True),
    ("image by path", "template", ["faces", "front", 2],
     "{type: image, x: 1mm, y: 1mm, w: 9mm, h: 9mm, src: icons/x.svg}", True),
    ("line", "template", ["faces", "back", 1],
     '{type: line, x1: 0mm, y1: 1mm, x2: 9mm, y2: 1mm, color: "{back.color}", width: 1pt}', True),
    ("quoted booleans", "template", ["faces", "front", 0, "bleed"], '"true"', True),
    ("full profile", "profile", ["ink-limit"], "240%", True),
    ("kit glossary", "kit", ["glossary"], "[{da: kerneopgave, en: core task}]", True),
    ("brand colour", "template", ["faces", "front", 0, "fill"], '"{brand.primary}"', True),
    ("brand font", "template", ["faces", "front", 1, "font", "family"], '"{brand.body}"', True),
    ("brand logo", "template", ["faces", "front", 2],
     '{type: image, x: 1mm, y: 1mm, w: 9mm, h: 9mm, src: "{brand.logo}"}', True),
    ("template brand block", "template", ["brand"],
     '{colors: {primary: "#1F2A44"}, fonts: {heading: Lato}, logo: logo.svg}', True),
    ("brand image other than logo", "template", ["faces", "front", 2],
     '{type: image, x: 1mm, y: 1mm, w: 9mm, h: 9mm, src: "{brand.icon}"}', False),
    ("brand colour with a bad name", "template", ["faces", "front", 0, "fill"], '"{brand.-x}"', False),
    ("brand block with kind", "template", ["brand"], "{kind: brand}", False),
    ("brand colour not a colour", "brand", ["colors"], "{primary: blue}", False),
    ("brand with an unknown key", "brand", ["colours"], '{primary: "#000"}', False),
    ("full brand", "brand", ["colors"], '{primary: "#1F2A44", accent: "#E4572E"}', True),
    # documents (blocks: 0 title, 1 paragraph, 2 table, 3 agenda, 4 scale; 5 appends)
    ("document with an unknown key", "document", ["pages"], "a4", False),
    ("document without blocks", "document", ["blocks"], None, False),
    ("document with no blocks", "document", ["blocks"], "[]", False),
    ("unknown block type", "document", ["blocks", 0, "type"], "tabel", False),
    ("block without type", "document", ["blocks", 5], "{text: x}", False),
    ("title on a paragraph", "document", ["blocks", 1, "title"], "x", False),
    ("align on a note", "document", ["blocks", 5], "{type: note, text: x, align: justify}", False),
    ("span on a page break", "document", ["blocks", 5], "{type: page-break, span: true}", False),
    ("heading without text", "document", ["blocks", 5], "{type: heading, level: 2}", False),
    ("heading level 4", "document", ["blocks", 5], "{type: heading, level: 4, text: x}", False),
    ("unknown paragraph style", "document", ["blocks", 1, "style"], "big", False),
    ("image without height", "document", ["blocks", 5], "{type: image, src: a.png}", False),
    ("image height 0mm", "document", ["blocks", 5], "{type: image, src: a.png, height: 0mm}", False),
    ("list with no items", "document", ["blocks", 5], "{type: list, items: []}", False),
    ("facts row without text", "document", ["blocks", 5], "{type: facts, rows: [{label: x}]}", False),
    ("start 9.00", "document", ["blocks", 3, "start"], '"9.00"', False),
    ("start 24:00", "document", ["blocks", 3, "start"], '"24:00"', False),
    ("start 9:5", "document", ["blocks", 3, "start"], '"9:5"', False),
    ("unknown agenda field", "document", ["blocks", 3, "columns", 1, "field"], "titel", False),
    ("agenda column without field", "document", ["blocks", 3, "columns", 1], "{label: x}", False),
    ("agenda column width and weight", "document", ["blocks", 3, "columns", 0, "weight"], "2", False),
    ("agenda weight 0", "document", ["blocks", 3, "columns", 1, "weight"], "0", False),
    ("agenda weight '0.05'", "document", ["blocks", 3, "columns", 1, "weight"], '"0.05"', False),
    ("agenda item without minutes", "document", ["blocks", 3, "items", 0, "minutes"], None, False),
    ("agenda item of 0 minutes", "document", ["blocks", 3, "items", 0, "minutes"], "0", False),
    ("agenda item with a time", "document", ["blocks", 3, "items", 0, "time"], '"9:00"', False),
    ("agenda without items", "document", ["blocks", 3, "items"], "[]", False),
    ("table without rows or empty rows", "document", ["blocks", 2, "empty-rows"], None, False),
    ("table of 0 empty rows", "document", ["blocks", 2, "empty-rows"], "0", False),
    ("table column width and weight", "document", ["blocks", 2, "columns", 1, "weight"], "2", False),
    ("table column with an unknown key", "document", ["blocks", 2, "columns", 1, "colour"], '"#000"', False),
    ("list inside a list in a cell", "document", ["blocks", 2, "rows"], "[[a, [b, [c]]]]", False),
    ("smiley scale of 4", "document", ["blocks", 4, "count"], "4", False),
    ("unknown scale kind", "document", ["blocks", 4, "kind"], "smiley", False),
    ("colour naming a deck only", "document", ["accent"], '"{kapitalkort}"', False),
    ("colour by name", "document", ["accent"], "navy", False),
    ("unknown header field", "document", ["header"], '{text: "{titel}"}', False),
    ("page field in the header", "document", ["header"], '{text: "{page}"}', False),
    ("unknown page number field", "document", ["footer"], '{page: "Side {side}"}', False),
    ("header: yes", "document", ["header"], "yes", False),
    ("logo on the footer", "document", ["footer"], "{logo: a.svg}", False),
    ("bare number margins", "document", ["page"], "{margins: 18}", False),
    ("unknown margin", "document", ["page"], "{margins: {top: 20mm, inner: 20mm}}", False),
    ("three columns", "document", ["page"], "{columns: 3}", False),
    ("unknown font key", "document", ["fonts"], "{heading: Lato}", False),
    ("cards shown as a grid", "document", ["blocks", 5], "{type: cards, show: grid}", False),
    ("cards 9 per row", "document", ["blocks", 5], "{type: cards, per-row: 9}", False),
    ("full page", "document", ["page"],
     "{size: a4 landscape, margins: {top: 22mm}, bleed: 0mm, columns: 2, gap: 8mm}", True),
    ("one margin", "document", ["page"], "{size: a5, margins: 12mm}", True),
    ("no header or footer", "document", ["header"], "false", True),
    ("header with a logo on a category colour", "document", ["header"],
     '{text: {da: "Kit · {title}", en: "Kit · {title}"}, logo: a.svg, logo-background: "{kapitalkort/tillid}"}',
     True),
    ("footer texts", "document", ["footer"],
     '{text: "{author} · v{version} {{x}", page: {da: "Side {page} af {pages}", en: "{page}/{pages}"}}', True),
    ("brand accent", "document", ["accent"], '"{brand.primary}"', True),
    ("fonts", "document", ["fonts"], "{body: Noto Sans, headings: Lato, size: 10.5pt}", True),
    ("start 09:00", "document", ["blocks", 3, "start"], '"09:00"', True),
    ("agenda item with lists and a break", "document", ["blocks", 3, "items", 1],
     "{minutes: 10, break: true, title: [a, {da: b, en: b}]}", True),
    ("agenda weight '1.5'", "document", ["blocks", 3, "columns", 1, "weight"], '"1.5"', True),
    ("table rows, cells of lists and nothing", "document", ["blocks", 2],
     "{type: table, header: false, columns: [A, B], rows: [[a, [b, c]], [~, d]]}", True),
    ("numbers scale of 7", "document", ["blocks", 4], "{type: scale, label: x, kind: numbers, count: 7}", True),
    ("smiley scale of 5", "document", ["blocks", 4, "count"], "5", True),
    ("thumbnails", "document", ["blocks", 5],
     "{type: cards, deck: kapitalkort, cards: [T01], show: thumbnails, per-row: 3, span: true}", True),
    ("image", "document", ["blocks", 5], "{type: image, src: a.svg, height: 18mm, width: 36mm}", True),
    ("questions with lines", "document", ["blocks", 5],
     "{type: questions, title: Q, items: [a, b], lines: 3, color: '#2B6CA8'}", True),
    ("box and lines", "document", ["blocks", 5], "{type: box, label: x, lines: 2, spacing: 7mm}", True),
    ("column break", "document", ["blocks", 5], "{type: column-break}", True),
    # boards
    ("board with an unknown key", "board", ["colour"], '"#000"', False),
    ("board without size", "board", ["size"], None, False),
    ("board size misspelt", "board", ["size"], "a2 sideways", False),
    ("unknown orientation", "board", ["orientation"], "sideways", False),
    ("track without legend", "board", ["legend"], None, False),
    ("board with nothing to draw", "board", ["track"], None, False),
    ("legend: true", "board", ["legend"], "true", False),
    ("legend without h", "board", ["legend", "h"], None, False),
    ("legend of 9 columns", "board", ["legend", "columns"], "9", False),
    ("space type without name or colour", "board", ["types", "x"], "{text: X}", False),
    ("space type with an unknown key", "board", ["types", "x"], "{category: tillid, colour: x}", False),
    ("unknown track shape", "board", ["track", "shape"], "zigzag", False),
    ("track without shape", "board", ["track", "shape"], None, False),
    ("track without spaces", "board", ["track", "spaces"], None, False),
    ("track with no spaces", "board", ["track", "spaces"], "[]", False),
    ("rows on a loop", "board", ["track"], "{shape: loop, rows: 2, spaces: [dilemma]}", False),
    ("turns on a serpentine", "board", ["track", "turns"], "2", False),
    ("direction on a serpentine", "board", ["track", "direction"], "clockwise", False),
    ("points on a serpentine", "board", ["track", "points"], "[[1mm, 1mm]]", False),
    ("points track without points", "board", ["track"], "{shape: points, spaces: [dilemma]}", False),
    ("from on a path", "board", ["track"],
     "{shape: path, points: [[1mm, 1mm], [9mm, 9mm]], from: top-left, spaces: [dilemma]}", False),
    ("point of three lengths", "board", ["track"],
     "{shape: points, points: [[1mm, 1mm, 1mm]], spaces: [dilemma]}", False),
    ("point of bare numbers", "board", ["track"], "{shape: points, points: [[1, 2]], spaces: [dilemma]}", False),
    ("point with z", "board", ["track"],
     "{shape: points, points: [{x: 1mm, y: 1mm, z: 1mm}], spaces: [dilemma]}", False),
    ("spiral of 0.25 turns", "board", ["track"], "{shape: spiral, turns: 0.25, spaces: [dilemma]}", False),
    ("unknown corner", "board", ["track", "from"], "bottom", False),
    ("unknown space shape", "board", ["track", "space"], "{shape: hexagon}", False),
    ("area without h", "board", ["track", "area"], "{x: 1mm, y: 1mm, w: 9mm}", False),
    ("area 0mm wide", "board", ["track", "area"], "{x: 1mm, y: 1mm, w: 0mm, h: 9mm}", False),
    ("space of type and category", "board", ["track", "spaces", 1], "{type: dilemma, category: tillid}", False),
    ("space of neither type nor category", "board", ["track", "spaces", 1], "{label: x}", False),
    ("start with an unknown key", "board", ["track", "start"], "{text: x}", False),
    ("shortcut without to", "board", ["track", "shortcuts"], "[{from: 1}]", False),
    ("shortcut from begin", "board", ["track", "shortcuts"], "[{from: begin, to: 2}]", False),
    ("zone without id", "board", ["zones"], "[{x: 1mm, y: 1mm, w: 9mm, h: 9mm}]", False),
    ("zone without a box", "board", ["zones"], "[{id: z, x: 1mm}]", False),
    ("polygon zone with x", "board", ["zones"], "[{id: z, shape: polygon, x: 1mm, points: [[0mm, 0mm], [9mm, 0mm], [0mm, 9mm]]}]", False),
    ("polygon of two points", "board", ["zones"], "[{id: z, shape: polygon, points: [[0mm, 0mm], [9mm, 9mm]]}]", False),
    ("rect zone with points", "board", ["zones"], "[{id: z, x: 1mm, y: 1mm, w: 9mm, h: 9mm, points: [[0mm, 0mm], [9mm, 0mm], [0mm, 9mm]]}]", False),
    ("zone with slots and post-its", "board", ["zones"], "[{id: z, x: 1mm, y: 1mm, w: 9mm, h: 9mm, slots: [tillid], postits: 2}]", False),
    ("slot of colour and category", "board", ["zones"],
     "[{id: z, x: 1mm, y: 1mm, w: 9mm, h: 9mm, slots: [{label: a, color: '#000', category: tillid}]}]", False),
    ("25 post-its", "board", ["zones"], "[{id: z, x: 1mm, y: 1mm, w: 9mm, h: 9mm, postits: 25}]", False),
    ("unknown slot shape", "board", ["zones"], "[{id: z, x: 1mm, y: 1mm, w: 9mm, h: 9mm, slot-shape: square}]", False),
    ("scale of one step", "board", ["scales"], "[{id: s, x: 1mm, y: 1mm, w: 9mm, h: 9mm, steps: [a]}]", False),
    ("scale without steps", "board", ["scales"], "[{id: s, x: 1mm, y: 1mm, w: 9mm, h: 9mm}]", False),
    ("unknown scale direction", "board", ["scales"], "[{id: s, x: 1mm, y: 1mm, w: 9mm, h: 9mm, steps: [a, b], direction: diagonal}]", False),
    ("placemat of 13 seats", "board", ["placemats"], "[{id: p, x: 1mm, y: 1mm, w: 9mm, h: 9mm, seats: 13}]", False),
    ("timeline without ticks", "board", ["timelines"], "[{id: t, x: 1mm, y: 1mm, w: 9mm, h: 9mm}]", False),
    ("pieces of nothing", "board", ["pieces"], "{title: x}", False),
    ("pieces of no die", "board", ["pieces"], "{die: false}", False),
    ("die of five faces", "board", ["pieces"], "{die: {faces: [1, 2, 3, 4, 5]}}", False),
    ("pawn of colour and category", "board", ["pieces"], "{pawns: [{color: '#000', category: tillid}]}", False),
    ("pawn count 21", "board", ["pieces"], "{pawns: [{label: x, count: 21}]}", False),
    ("square token", "board", ["pieces"], "{tokens: [{shape: square}]}", False),
    ("spinner of one sector", "board", ["pieces"], "{spinner: {sectors: [a]}}", False),
    ("spinner without sectors", "board", ["pieces"], "{spinner: {}}", False),
    ("tiles with an unknown key", "board", ["tiles"], "{overlap: 10mm, paper: a4}", False),
    ("header without w", "board", ["header"], "{x: 1mm, y: 1mm, h: 9mm}", False),
    ("header aligned justify", "board", ["header"], "{x: 1mm, y: 1mm, w: 9mm, h: 9mm, align: justify}", False),
    ("background with an unknown key", "board", ["background"], "{colour: '#FFF'}", False),
    ("no header", "board", ["header"], "false", True),
    ("legend false", "board", ["legend"], "false", True),
    ("header aligned center", "board", ["header"], "{x: 1mm, y: 1mm, w: 9mm, h: 9mm, align: center}", True),
    ("background with an image", "board", ["background"], "{color: '#F6F1E6', image: paper.png}", True),
    ("looks", "board", ["frame"], '"#CDBF9F"', True),
    ("space type from a category", "board", ["types", "tillid"], "{category: tillid, text: x, icon: a.svg}", True),
    ("loop anticlockwise", "board", ["track"],
     "{shape: loop, from: top-right, direction: anticlockwise, numbers: false, spaces: [dilemma]}", True),
    ("points track", "board", ["track"],
     "{shape: points, points: [[10mm, 10mm], {x: 20mm, y: 20mm}], spaces: [dilemma]}", True),
    ("spiral of '2.5' turns", "board", ["track"], '{shape: spiral, turns: "2.5", spaces: [dilemma]}', True),
    ("spiral of 0.5 turns", "board", ["track"], "{shape: spiral, turns: 0.5, spaces: [dilemma]}", True),
    ("serpentine of 3 rows", "board", ["track", "rows"], "3", True),
    ("space sizes", "board", ["track", "space"], "{shape: circle, size: 46mm, min-size: 30mm, gap: 6mm}", True),
    ("start and goal", "board", ["track", "start"], "{title: START, label: x, color: '#000', icon: a.svg}", True),
    ("space with its own looks", "board", ["track", "spaces", 1],
     "{category: tillid, label: x, color: '#000', icon: a.svg}", True),
    ("shortcuts", "board", ["track", "shortcuts"], "[{from: 1, to: 2, bend: -74mm}, {from: start, to: goal}]", True),
    ("zones", "board", ["zones"],
     "[{id: a, shape: polygon, points: [[0mm, 0mm], [9mm, 0mm], [0mm, 9mm]]}, {id: b, shape: circle, x: 1mm, y: 1mm, w: 9mm, h: 9mm, postits: 3, postit-size: 40mm},"
     " {id: c, x: 1mm, y: 1mm, w: 9mm, h: 9mm, slots: [tillid, {label: x, color: '#000'}, {da: a, en: b}], slot-shape: diamond,"
     " overlap: true}]", True),
    ("scales, placemats, timelines", "board", ["scales"],
     "[{id: s, x: 1mm, y: 1mm, w: 9mm, h: 9mm, direction: rows, steps: [a, {label: b, category: tillid}, {da: c, en: c}]}]", True),
    ("placemat", "board", ["placemats"], "[{id: p, x: 1mm, y: 1mm, w: 9mm, h: 9mm, seats: 2, labels: [a, b], centre: x}]", True),
    ("timeline", "board", ["timelines"], "[{id: t, x: 1mm, y: 1mm, w: 9mm, h: 9mm, ticks: [a, b]}]", True),
    ("all pieces", "board", ["pieces"],
     "{pawns: [{label: x, color: '#000', count: 2}], tokens: [{shape: diamond, category: tillid, count: 6,"
     " size: 22mm}], die: {faces: [1, 2, 3, 4, 5, 6]}, spinner: {sectors: [a, {label: b, color: '#000'}]}}",
     True),
    ("die: true", "board", ["pieces"], "{die: true}", True),
    ("tiles", "board", ["tiles"], "{overlap: 10mm}", True),
]


def apply(doc, path, value):
    node = doc
    for part in path[:-1]:
        node = node[part]
    last = path[-1]
    if value is None:
        del node[last]
    elif isinstance(node, list) and last == len(node):
        node.append(load_yaml(value))
    else:
        node[last] = load_yaml(f"v: {value}")["v"]


def check_strict(schemas, rep):
    for kind, text in BASE.items():
        errs = schemas.errors(kind, load_yaml(text))
        rep.ok(not errs, f"strict: base {kind} document",
               "; ".join(e.message for e in errs))
    for what, kind, path, value, want in CASES:
        doc = load_yaml(BASE[kind])
        apply(doc, path, value)
        errs = schemas.errors(kind, doc)
        if want:
            rep.ok(not errs, f"strict: {what} must pass", "; ".join(message(e) for e in errs))
        else:
            rep.ok(bool(errs), f"strict: {what} must fail", "the schema accepts it")


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), "..", ".."))
    rep = Report()
    try:
        schemas = Schemas(root)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"FAIL schemas: {e}")
        print("schema: 0 passed, 1 failed")
        return 1
    counts = {}
    for name, fn in (("files", lambda: check_files(root, schemas, rep)),
                     ("agreement", lambda: check_agreement(root, schemas, rep)),
                     ("strictness", lambda: check_strict(schemas, rep))):
        before = (rep.passed, rep.failed)
        fn()
        counts[name] = (rep.passed - before[0], rep.failed - before[1])
    for name, (p, f) in counts.items():
        print(f"{name}: {p} passed, {f} failed")
    print(f"schema: {rep.passed} passed, {rep.failed} failed")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
