"""Reads ansible-core's own definitions into plain JSON on stdout (scripts/gen-ansible-data.mjs runs it).

Only interface facts are kept -- keyword and option names, aliases, types, choices, defaults,
required-ness and the argument constraints the modules declare -- never documentation prose.
Nothing is executed from a module: its DOCUMENTATION is read by ansible-doc's own reader and its
AnsibleModule(...) call is read with Python's ast module (literal values only).

    ansible-docs.py                     the installed ansible-core (Debian's), with its own loaders
    ansible-docs.py --static <lib/ansible>   another ansible-core's source tree, read statically
                                        (ast and YAML only: nothing of that tree is imported or run)
"""
import ast
import json
import os
import sys

import ansible
from ansible.parsing.mod_args import FREEFORM_ACTIONS, RAW_PARAM_MODULES
from ansible.playbook.block import Block
from ansible.playbook.handler import Handler
from ansible.playbook.loop_control import LoopControl
from ansible.playbook.play import Play
from ansible.playbook.playbook_include import PlaybookInclude
from ansible.playbook.task import Task
from ansible.playbook.role.include import RoleInclude
from ansible.plugins.loader import fragment_loader
from ansible.utils.plugin_docs import get_docstring
import yaml

ROOT = os.path.dirname(ansible.__file__)
CONSTRAINTS = ('mutually_exclusive', 'required_one_of', 'required_together', 'required_by', 'required_if')


def keywords(cls):
    out = {}
    for name, attr in sorted(cls.fattributes.items()):
        if name.startswith('_'):
            continue
        out[name] = attr.isa or 'any'
    return out


def option(spec):
    out = {}
    kind = spec.get('type', 'str')
    out['type'] = kind
    if spec.get('elements'):
        out['elements'] = spec['elements']
    if spec.get('aliases'):
        out['aliases'] = list(spec['aliases'])
    if spec.get('choices') is not None:
        choices = spec['choices']
        out['choices'] = list(choices.keys()) if isinstance(choices, dict) else list(choices)
    if spec.get('required'):
        out['required'] = True
    if 'default' in spec and spec['default'] is not None:
        out['default'] = spec['default']
    if spec.get('suboptions'):
        out['suboptions'] = {k: option(v) for k, v in sorted(spec['suboptions'].items())}
    return out


def literal(node):
    """A literal value, `dict(a=...)` calls included (modules write their constraints both ways)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'dict' and not node.args:
        out = {}
        for kw in node.keywords:
            value = literal(kw.value)
            if kw.arg is None or value is None:
                return None
            out[kw.arg] = value
        return out
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [literal(item) for item in node.elts]
        return None if any(item is None for item in items) else items
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def spec_entry(node):
    """An option of a literal argument spec (`dict(type='path', required=True)`): its type, required-ness, aliases; None when not literal."""
    if not (isinstance(node, ast.Call) and getattr(node.func, 'id', '') == 'dict' and not node.args):
        return None
    # Only the keywords read here need be literal (a default may be computed: git's executable).
    value = {kw.arg: literal(kw.value) for kw in node.keywords if kw.arg in ('type', 'required', 'aliases', 'elements')}
    if any(kw.arg is None for kw in node.keywords) or any(v is None for k, v in value.items() if k != 'required'):
        return None
    out = {'type': value.get('type', 'str') if isinstance(value.get('type', 'str'), str) else 'raw'}
    if value.get('required') is True:
        out['required'] = True
    if isinstance(value.get('aliases'), list):
        out['aliases'] = [alias for alias in value['aliases'] if isinstance(alias, str)]
    if isinstance(value.get('elements'), str):
        out['elements'] = value['elements']
    return out


def literal_spec(path):
    """The options of the module's AnsibleModule(argument_spec=...) when written as a literal `dict(...)` (in the call, or
    assigned to a name then completed by `name['key'] = dict(...)`): {name: option}, or None when the spec is built otherwise."""
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read(), path)
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.Module)):
            continue
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and getattr(node.func, 'id', getattr(node.func, 'attr', '')) == 'AnsibleModule'):
                continue
            spec = next((kw.value for kw in node.keywords if kw.arg == 'argument_spec'), None)
            if isinstance(spec, ast.Name):
                assigned = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == spec.id for t in n.targets)]
                if len(assigned) != 1:
                    return None
                extra = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Subscript)
                         and isinstance(n.targets[0].value, ast.Name) and n.targets[0].value.id == spec.id]
                keys = [(kw.arg, kw.value) for kw in getattr(assigned[0].value, 'keywords', [])] if isinstance(assigned[0].value, ast.Call) and getattr(assigned[0].value.func, 'id', '') == 'dict' else None
                if keys is None:
                    return None
                for n in extra:
                    key = literal(n.targets[0].slice)
                    if not isinstance(key, str):
                        return None
                    keys.append((key, n.value))
            elif isinstance(spec, ast.Call) and getattr(spec.func, 'id', '') == 'dict' and not spec.args:
                keys = [(kw.arg, kw.value) for kw in spec.keywords]
            else:
                return None
            out = {}
            for name, value in keys:
                if name is None:
                    return None
                entry = spec_entry(value)
                if entry is None:
                    return None
                out[name] = entry
            return out
    return None


def with_spec(options, spec):
    """The documented options, with the argument spec's say on what is required and the options it takes that the
    documentation leaves out (command's `executable`, 2.14 stat's `get_md5`; internal `_name`s excepted)."""
    if spec is None:
        return options
    out = dict(options)
    for name, entry in spec.items():
        if name.startswith('_'):
            continue
        if name in out:
            option = dict(out[name])
            if entry.get('required'):
                option['required'] = True
            else:
                option.pop('required', None)
            out[name] = option
        elif not any(name in (option.get('aliases') or []) for option in out.values()):
            out[name] = entry
    return out


def module_constraints(path):
    """The literal constraint lists of the module's AnsibleModule(...) call(s)."""
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read(), path)
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        name = callee.id if isinstance(callee, ast.Name) else callee.attr if isinstance(callee, ast.Attribute) else ''
        if name != 'AnsibleModule':
            continue
        for kw in node.keywords:
            if kw.arg in CONSTRAINTS:
                value = literal(kw.value)
                if value:
                    found[kw.arg] = json.loads(json.dumps(value, default=list))
    return found


def module_files(root):
    """The modules of an ansible-core tree: (name, path). A private file (`_name.py`) is a deprecated
    module ansible-core still routes (2.14's `_include.py`, task `include`): the caller keeps it only
    when its documentation says it is deprecated; `__init__.py` is none."""
    folder = os.path.join(root, 'modules')
    for file in sorted(os.listdir(folder)):
        if file.endswith('.py') and file != '__init__.py':
            yield file[:-3].lstrip('_'), os.path.join(folder, file)


def kept(path, doc):
    """Whether a module file is one a task may name: a public one, or a private one documented as deprecated."""
    return not os.path.basename(path).startswith('_') or bool(doc.get('deprecated'))


def has_main(path):
    """Whether the module file runs as a module (a top-level `main`), or only documents what its action plugin or the task parser does."""
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read(), path)
    return any(isinstance(node, ast.FunctionDef) and node.name == 'main' for node in tree.body)


def modules():
    out = {}
    for name, path in module_files(ROOT):
        doc = get_docstring(path, fragment_loader)[0] or {}
        if not doc or not kept(path, doc):
            continue
        out[name] = module_entry(name, path, doc, {k: option(v) for k, v in (doc.get('options') or {}).items()})
    return out


def module_entry(name, path, doc, options):
    """A module's data: its options, how it takes free-form words, deprecation, its AnsibleModule constraints."""
    entry = {'options': dict(sorted(with_spec(options, literal_spec(path)).items()))}
    if name in RAW_PARAM_MODULES:
        entry['rawParams'] = True
    if name in FREEFORM_ACTIONS:
        entry['requiresArgs'] = True
    deprecated = doc.get('deprecated')
    if deprecated:
        # The version it goes in and its replacements (names only, not the prose of `why`).
        entry['deprecated'] = {k: str(deprecated[k]) for k in ('removed_in', 'alternative') if isinstance(deprecated, dict) and deprecated.get(k)}
    # How a task's arguments reach it: 'only' — no module runs (the file documents an action plugin or what the
    # task parser does: debug, fetch, include_tasks…), 'plugin' — an action plugin of that name runs first (copy, uri…).
    if not has_main(path):
        entry['action'] = 'only'
    elif os.path.exists(os.path.join(os.path.dirname(os.path.dirname(path)), 'plugins', 'action', f'{name}.py')):
        entry['action'] = 'plugin'
    entry.update(module_constraints(path))
    return entry


def redirects(root=None):
    with open(os.path.join(root or ROOT, 'config', 'ansible_builtin_runtime.yml'), encoding='utf-8') as handle:
        routing = yaml.safe_load(handle)['plugin_routing'].get('modules', {})
    out = {}
    for name, route in sorted(routing.items()):
        if isinstance(route, dict) and route.get('redirect'):
            out[name] = route['redirect']
    return out


def config_keys():
    """The ansible.cfg keys by section: ansible-core's settings and its builtin plugins' options."""
    sections = {}

    def add(entries):
        for ini in entries or []:
            if isinstance(ini, dict) and ini.get('section') and ini.get('key'):
                sections.setdefault(ini['section'], set()).add(ini['key'])

    with open(os.path.join(ROOT, 'config', 'base.yml'), encoding='utf-8') as handle:
        for entry in yaml.safe_load(handle).values():
            add(entry.get('ini'))
    plugins = os.path.join(ROOT, 'plugins')
    for kind in sorted(os.listdir(plugins)):
        folder = os.path.join(plugins, kind)
        if not os.path.isdir(folder):
            continue
        for file in sorted(os.listdir(folder)):
            if not file.endswith('.py') or file.startswith('_'):
                continue
            doc = get_docstring(os.path.join(folder, file), fragment_loader)[0] or {}
            for spec in (doc.get('options') or {}).values():
                add(spec.get('ini') if isinstance(spec, dict) else None)
    return {section: sorted(keys) for section, keys in sorted(sections.items())}


def fragments(root=None):
    """ansible-core's doc fragments' options by name (`files`, `action_core.import`), for collections' modules that extend them."""
    out = {}
    folder = os.path.join(root or ROOT, 'plugins', 'doc_fragments')
    for file in sorted(os.listdir(folder)):
        if not file.endswith('.py') or file.startswith('_'):
            continue
        with open(os.path.join(folder, file), encoding='utf-8') as handle:
            tree = ast.parse(handle.read(), file)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ClassDef) and node.name == 'ModuleDocFragment'):
                continue
            for item in node.body:
                if not (isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name)):
                    continue
                attr = item.targets[0].id
                if not attr.isupper() or not isinstance(item.value, ast.Constant) or not isinstance(item.value.value, str):
                    continue
                doc = yaml.safe_load(item.value.value) or {}
                options = doc.get('options') if isinstance(doc, dict) else None
                if not isinstance(options, dict):
                    continue
                name = file[:-3] if attr == 'DOCUMENTATION' else f'{file[:-3]}.{attr.lower()}'
                out[name] = {k: option(v) for k, v in sorted(options.items())}
    return out


def assigned_string(path, name):
    """The string literal assigned to `name` at a module's top level."""
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
    return None


def static_version(root):
    text = assigned_string(os.path.join(root, 'release.py'), '__version__')
    return text or 'unknown'


def static_modules(root):
    """Another ansible-core's modules, read statically: DOCUMENTATION with its builtin fragments, the constraints."""
    fragment_options = fragments(root)
    out = {}
    for name, path in module_files(root):
        text = assigned_string(path, 'DOCUMENTATION')
        doc = yaml.safe_load(text) if text else None
        if not isinstance(doc, dict) or not kept(path, doc):
            continue
        options = {}
        extends = doc.get('extends_documentation_fragment') or []
        for fragment in [extends] if isinstance(extends, str) else extends:
            options.update(fragment_options.get(str(fragment).replace('ansible.builtin.', ''), {}))
        options.update({k: option(v) for k, v in (doc.get('options') or {}).items()})
        out[name] = module_entry(name, path, doc, options)
    return out


if len(sys.argv) == 3 and sys.argv[1] == '--static':
    TREE = os.path.abspath(sys.argv[2])
    json.dump({
        'ansibleCore': static_version(TREE),
        'modules': static_modules(TREE),
        'redirects': redirects(TREE),
        'fragments': fragments(TREE),
    }, sys.stdout, sort_keys=True)
    sys.exit(0)


json.dump({
    'ansibleCore': ansible.__version__,
    'keywords': {'play': keywords(Play), 'block': keywords(Block), 'task': keywords(Task), 'handler': keywords(Handler), 'role': keywords(RoleInclude), 'import_playbook': keywords(PlaybookInclude), 'loop_control': keywords(LoopControl)},
    'modules': modules(),
    'redirects': redirects(),
    'config': config_keys(),
    'fragments': fragments(),
}, sys.stdout, sort_keys=True)
