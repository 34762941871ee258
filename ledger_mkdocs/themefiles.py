"""The theme's files listed without walking its hidden folders.

Every build MkDocs lists every file of the theme's folders (`Files.add_files_from_theme`, through the Jinja
environment's `list_templates`) and then drops the hidden ones (names starting with a dot, at any depth) and the
templates. Material keeps about 14,300 of its 14,500 files in `.icons/` (the icon sets its templates include by
name), so listing them and matching each against the patterns is most of MkDocs' own fixed cost of a build (about
0.2 s of CPU, on every save under `mkdocs serve`). The theme here answers the same: its environment's loader
does not walk into hidden folders, whose files the build would leave out anyway; loading a template by name (an
icon included by Material) is unchanged. Public API only: a subclass of `mkdocs.theme.Theme` made from the
configured one (same name, folders, static templates and options) and a `jinja2.FileSystemLoader` subclass.
"""
from __future__ import annotations

import os

import jinja2
from mkdocs.theme import Theme


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader whose listing leaves out hidden folders (`.icons/`) instead of walking them."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                folder = os.path.relpath(dirpath, searchpath).replace(os.path.sep, "/")
                prefix = "" if folder == "." else folder + "/"
                found.update(prefix + name for name in filenames)
        return sorted(found)


class ListedTheme(Theme):
    """The configured theme, whose environment lists its files with VisibleFilesLoader."""

    def get_env(self) -> jinja2.Environment:
        env = super().get_env()
        env.loader = VisibleFilesLoader(self.dirs)
        return env


def listed_theme(theme: Theme) -> Theme:
    """The same theme (name, folders, static templates, locale, options) as a ListedTheme. Made without a name
    and then given the configured theme's: a theme made by name reads its configuration files again and lists
    the installed themes (Python's entry points), about 10 ms of every rebuild."""
    if isinstance(theme, ListedTheme):
        return theme
    listed = ListedTheme(custom_dir=theme.custom_dir)
    listed.name = theme.name
    listed.update(theme)
    listed.dirs = list(theme.dirs)
    listed.static_templates = set(theme.static_templates)
    return listed
