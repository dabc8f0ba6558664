#!/usr/bin/env python3
"""The JSON Schemas in schema/ against the YAML files and against the loader.

Usage: check_schema.py [REPO_ROOT]      (default: two folders up from here)

1. files:     every YAML file under decks/, templates/, tests/render/sheets/kit/
              and tests/cases/_base/kit/ validates against the schema its
              `kind:` selects; a `# yaml-language-server: $schema=...` first
              line, where there is one, names that same schema.
2. agreement: the keys and choices the C loader accepts (the NULL-terminated
              arrays in generator/model/*.c and generator/load/scalar.c) are
              exactly the properties and enums of the schema objects mapped to
              them below (KEY_ARRAYS, ENUM_ARRAYS); the fields of templates and
              their kinds match field_names[] and field_get_kind(); the keys
              the loader requires are the schemas' `required`; every unit and
              size preset of scalar.c passes the schema. An array that cannot
              be found fails: when one is renamed, rename it here too.
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

KINDS = ("kit", "deck", "template", "profile", "brand")
# Kinds the loader recognises but does not read yet (cli/board.c and
# cli/document.c report such a file as "not supported yet"): no schema until
# their format exists; a YAML file of such a kind fails here too.
KINDS_WITHOUT_SCHEMA = ("board", "document")
YAML_DIRS = ("decks", "templates", "tests/render/sheets/kit", "tests/cases/_base/kit")
MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")

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
    (("generator/model/template.c", "template_keys"), ("template", "")),
    (("generator/model/template.c", "face_names"), ("template", "/properties/faces")),
    (("generator/model/template.c", "keys_rect"), ("common", "/definitions/rectElement")),
    (("generator/model/template.c", "keys_text"), ("common", "/definitions/textElement")),
    (("generator/model/template.c", "keys_image"), ("common", "/definitions/imageElement")),
    (("generator/model/template.c", "keys_line"), ("common", "/definitions/lineElement")),
    (("generator/model/template.c", "keys_dots"), ("common", "/definitions/dotsElement")),
    (("generator/model/template.c", "font_keys"), ("common", "/definitions/font")),
    (("generator/model/profile.c", "profile_keys"), ("profile", "")),
    (("generator/model/brand.c", "file_keys"), ("brand", "")),
    (("generator/model/brand.c", "block_keys"), ("template", "/properties/brand")),
]
# (C file, array name) -> (schema, JSON pointer to a schema with an `enum`).
ENUM_ARRAYS = [
    (("generator/model/deck.c", "back_designs"), ("deck", "/properties/back/properties/design")),
    (("generator/model/template.c", "type_names"), ("common", "/definitions/element/properties/type")),
    (("generator/model/template.c", "weight_names"), ("common", "/definitions/font/properties/weight")),
    (("generator/model/template.c", "style_names"), ("common", "/definitions/font/properties/style")),
    (("generator/model/template.c", "align_names"), ("common", "/definitions/textElement/properties/align")),
    (("generator/model/template.c", "valign_names"), ("common", "/definitions/textElement/properties/valign")),
    (("generator/model/profile.c", "page_order_names"), ("profile", "/properties/order")),
    (("generator/model/template.c", "field_names"), ("common", "/definitions/fieldName")),
]
# The kinds of file: kit.c's kinds[] against the `kind` const of each schema.
KINDS_ARRAY = ("generator/model/kit.c", "kinds")
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
                            "lineElement", "dotsElement")]),
    ("generator/model/profile.c", [("profile", "")]),
    ("generator/model/brand.c", [("brand", ""), ("template", "/properties/brand")]),
]
# Required by the loader without a read_required() call.
REQUIRED_BY_HAND = {
    # template_read() loops over face_names and reports "faces has no 'front'"
    "generator/model/template.c": {"front", "back"},
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
        for name in ("common",) + KINDS:
            with open(os.path.join(self.dir, f"{name}.schema.json"), encoding="utf-8") as f:
                self.docs[name] = json.load(f)
        self.validators = {}
        for kind in KINDS:
            jsonschema.Draft7Validator.check_schema(self.docs[kind])
        jsonschema.Draft7Validator.check_schema(self.docs["common"])
        for kind in KINDS:
            self.validators[kind] = self._validator(self.docs[kind])

    def _validator(self, schema):
        # Refs are relative ("common.schema.json#/definitions/length"), so the
        # schemas work from files in editors; here they resolve by file name.
        try:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT7
        except ImportError:  # jsonschema < 4.18 (Debian 12 has 4.10)
            store = {f"{n}.schema.json": d for n, d in self.docs.items()}
            resolver = jsonschema.RefResolver(base_uri="", referrer=schema, store=store)
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


def check_files(root, schemas, rep):
    """One pass per valid file; one failure per problem."""
    count = 0
    for rel, exists in yaml_files(root):
        if exists is None:
            rep.ok(False, f"files: folder {rel}", "not found")
            continue
        count += 1
        path = os.path.join(root, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            doc = load_yaml(text)
        except yaml.YAMLError as e:
            rep.ok(False, f"files: {rel}", f"not YAML: {e}")
            continue
        kind = doc.get("kind") if isinstance(doc, dict) else None
        if kind not in KINDS:
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

    # element types: keys_by_type[] pairs type_names[] with keys_<type>[];
    # the schema's element dispatch must pair each type with the definition
    # that KEY_ARRAYS maps that array to.
    rel = "generator/model/template.c"
    names = src.strings(rel, "type_names")
    m = re.search(r"\bkeys_by_type\s*\[[^\]]*\]\s*=\s*\{(.*?)\}\s*;", src.text(rel), re.S)
    if rep.ok(m is not None and names, "agreement: keys_by_type[]",
              "keys_by_type[] or type_names[] not found in template.c"):
        arrays = re.findall(r"\w+", m.group(1))
        c_pairs = dict(zip(names, arrays))
        rep.ok(len(arrays) == len(names), "agreement: keys_by_type[]",
               f"{len(arrays)} key lists for {len(names)} element types")
        to_def = {arr: ptr.rsplit("/", 1)[1] for (r, arr), (s, ptr) in KEY_ARRAYS
                  if r == rel and arr.startswith("keys_")}
        s_pairs = {}
        for branch in schemas.docs["common"]["definitions"]["element"].get("allOf", []):
            t = branch.get("if", {}).get("properties", {}).get("type", {}).get("const")
            s_pairs[t] = branch.get("then", {}).get("$ref", "").rsplit("/", 1)[-1]
        for t, arr in c_pairs.items():
            rep.ok(s_pairs.get(t) == to_def.get(arr), f"agreement: element type {t!r}",
                   f"the loader reads it with {arr}[], mapped to {to_def.get(arr)}, but the "
                   f"schema's element dispatch uses {s_pairs.get(t)}")

    # fields by kind: field_names[] designators and field_get_kind()
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
        c_req |= set(re.findall(r'req_length\([^,]+,[^,]+,\s*"([^"]+)"', text))
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
    """The `required` keys of node and of the object schemas under it,
    not inside alternatives (anyOf, oneOf, if/then/else, not)."""
    out = set()
    if isinstance(node, dict):
        out |= set(node.get("required", []))
        for key in ("properties", "definitions"):
            for sub in node.get(key, {}).values():
                out |= collect_required(sub)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                out |= collect_required(node[key])
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
