"""Decoded JSON: dicts with attribute access, and helpers to build request bodies."""
from __future__ import annotations

import base64
import json
import mimetypes
import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Union


class _MethodList(List[Any]):
    """A list read as an attribute whose name is also a dict method (``page.items``, ``domain.keys``): iterate
    it as the list, or call it for the dict method (``page.items()``)."""

    __slots__ = ("_method",)

    def __init__(self, values: List[Any], method: Callable[..., Any]) -> None:
        super().__init__(values)
        self._method = method

    def __call__(self, *args: Any) -> Any:
        return self._method(*args)


_SHADOWED = frozenset(name for name in dir(dict) if not name.startswith("_"))


class Obj(Dict[str, Any]):
    """A decoded JSON object: a ``dict`` whose keys are also attributes (``sent.id``, ``msg.thread_id``).

    Wire names stay as the API writes them (snake_case). ``from`` is a Python keyword: read it as ``obj.from_``
    or ``obj["from"]``. A key named like a dict method (a page's ``items``, a domain's ``keys``) wins: the list
    it reads can still be called for the method (``page.items()``). A missing key read as an attribute raises ``AttributeError``; use ``obj.get(name)``.
    """

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if name in _SHADOWED and super().__contains__(name):
            value = dict.__getitem__(self, name)
            if isinstance(value, list):
                return _MethodList(value, getattr(dict, name).__get__(self))
            return value
        return object.__getattribute__(self, name)

    def __getattr__(self, name: str) -> Any:
        key = name[:-1] if name.endswith("_") and super().__contains__(name[:-1]) else name
        try:
            return self[key]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name[:-1] if name in ("from_", "class_") else name] = value

    def __dir__(self) -> List[str]:
        return sorted(set(dir(dict)) | {k for k in self if k.isidentifier()})


class Page(Obj):
    """One page of a list: ``items`` (a list, still callable as the dict method) and ``next_page_token``
    (``None`` on the last page; pass it as ``page_token`` for the next)."""

    __slots__ = ()

    @property
    def items(self) -> _MethodList:
        return _MethodList(list(dict.get(self, "items") or []), lambda: dict.items(self))

    @property
    def next_page_token(self) -> Optional[str]:
        token = dict.get(self, "next_page_token")
        return None if token is None else str(token)


def decode_json(data: Union[bytes, str]) -> Any:
    """JSON text to ``Obj``/list/scalars."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    return json.loads(data, object_hook=Obj)


def encode_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Attachment:
    """A file to attach. ``content`` is the raw bytes; it goes on the wire as base64 (``AttachmentJson.content``)."""

    def __init__(self, filename: str, content: bytes, content_type: Optional[str] = None,
                 content_id: Optional[str] = None) -> None:
        self.filename = filename
        self.content = content
        self.content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        self.content_id = content_id

    @classmethod
    def from_path(cls, path: Union[str, "os.PathLike[str]"], filename: Optional[str] = None,
                  content_type: Optional[str] = None, content_id: Optional[str] = None) -> "Attachment":
        """Reads the file now; ``filename`` defaults to the file's base name."""
        with open(path, "rb") as f:
            content = f.read()
        return cls(filename or os.path.basename(os.fspath(path)), content, content_type, content_id)

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"filename": self.filename, "content_type": self.content_type,
                               "content": base64.b64encode(self.content).decode("ascii")}
        if self.content_id:
            out["content_id"] = self.content_id
        return out


AttachmentLike = Union[Attachment, str, "os.PathLike[str]", Mapping[str, Any]]


def attachment_json(item: Any) -> Dict[str, Any]:
    """One attachment in any accepted shape to its wire form.

    Accepted: an :class:`Attachment`; a path (``str`` or ``os.PathLike``) of a file to read; a mapping with
    ``filename`` and ``content`` as ``bytes`` (encoded here) or ``str`` (already base64), or with ``path``.
    """
    if isinstance(item, Attachment):
        return item.to_json()
    if isinstance(item, (str, os.PathLike)):
        return Attachment.from_path(item).to_json()
    if isinstance(item, Mapping):
        if "path" in item:
            return Attachment.from_path(item["path"], item.get("filename"), item.get("content_type"),
                                        item.get("content_id")).to_json()
        content = item.get("content")
        if isinstance(content, (bytes, bytearray, memoryview)):
            return Attachment(str(item.get("filename") or "attachment"), bytes(content), item.get("content_type"),
                              item.get("content_id")).to_json()
        return {k: v for k, v in item.items() if v is not None}
    raise TypeError("an attachment is an Attachment, a file path or a mapping, not " + type(item).__name__)


def wire_params(params: Optional[Mapping[str, Any]], **fields: Any) -> Dict[str, Any]:
    """Merges a mapping and keyword fields into a JSON body: ``None`` dropped, ``from_``/``class_`` renamed,
    attachments encoded."""
    out: Dict[str, Any] = {}
    for source in (params or {}, fields):
        for key, value in source.items():
            if value is None:
                continue
            if key in ("from_", "class_"):
                key = key[:-1]
            if key == "attachments":
                value = [attachment_json(a) for a in value]
            out[key] = value
    return out
