"""Dependency rules: every library present or installed, supported core API, load order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence

from django.utils.translation import gettext as _

from .types import InstalledLibraries, Issue, LibraryRef, PackageLibrary, PackageMetadata

Edges = Callable[[LibraryRef], Sequence[LibraryRef]]


def installed_edges(installed: InstalledLibraries) -> Mapping[LibraryRef, Sequence[LibraryRef]]:
    """Installed libraries with their preloaded dependencies (none known for a plain set)."""
    if isinstance(installed, Mapping):
        return {
            LibraryRef(*ref): tuple(LibraryRef(*dep) for dep in deps)
            for ref, deps in installed.items()
        }
    return {LibraryRef(*ref): () for ref in installed}


def _declarations(
    metadata: PackageMetadata, libraries: Mapping[LibraryRef, PackageLibrary]
) -> Iterable[tuple[str, Sequence[LibraryRef]]]:
    """Every (declaring file, runtime dependencies) pair of the package."""
    yield "h5p.json", (*metadata.preloaded_dependencies, *metadata.dynamic_dependencies)
    for library in libraries.values():
        file = f"{library.folder}/library.json"
        yield file, (*library.preloaded_dependencies, *library.dynamic_dependencies)


def check_availability(
    metadata: PackageMetadata,
    libraries: Mapping[LibraryRef, PackageLibrary],
    installed: Mapping[LibraryRef, Sequence[LibraryRef]],
    issues: list[Issue],
) -> None:
    """Each declared preloaded or dynamic dependency is in the package or installed."""
    for file, dependencies in _declarations(metadata, libraries):
        for ref in dict.fromkeys(dependencies):
            if ref not in libraries and ref not in installed:
                issues.append(missing_issue(ref, file))


def check_core_api(
    libraries: Iterable[PackageLibrary], core_api: tuple[int, int], issues: list[Issue]
) -> None:
    """No library may need a newer H5P core API than the player provides."""
    template = _(
        "%(file)s: the library %(library)s requires H5P core API %(required)s, "
        "but only %(supported)s is supported."
    )
    supported = "{}.{}".format(*core_api)
    for library in libraries:
        if library.core_api is not None and library.core_api > core_api:
            required = "{}.{}".format(*library.core_api)
            file = f"{library.folder}/library.json"
            issues.append(
                Issue.of(
                    "core-api-too-new",
                    file,
                    template,
                    library=str(library.ref),
                    required=required,
                    supported=supported,
                )
            )


def _closure(roots: Sequence[LibraryRef], edges: Edges, dynamic: Edges) -> list[LibraryRef]:
    """Libraries reachable from ``roots`` through preloaded and dynamic edges, in BFS order."""
    seen = dict.fromkeys(roots)
    queue = deque(seen)
    while queue:
        ref = queue.popleft()
        for dep in (*edges(ref), *dynamic(ref)):
            if dep not in seen:
                seen[dep] = None
                queue.append(dep)
    return list(seen)


def _topological(
    nodes: Sequence[LibraryRef], edges: Edges
) -> tuple[list[LibraryRef], list[LibraryRef] | None]:
    """Dependencies-first order (iterative DFS); second item is a cycle when one is found."""
    done: set[LibraryRef] = set()
    order: list[LibraryRef] = []
    for root in nodes:
        if root in done:
            continue
        stack = [(root, iter(edges(root)))]
        on_path = {root}
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                done.add(node)
                order.append(node)
            elif child in on_path:
                path = [ref for ref, _children in stack]
                return order, [*path[path.index(child) :], child]
            elif child not in done:
                stack.append((child, iter(edges(child))))
                on_path.add(child)
    return order, None


def resolve_order(
    metadata: PackageMetadata,
    libraries: Mapping[LibraryRef, PackageLibrary],
    installed: Mapping[LibraryRef, Sequence[LibraryRef]],
    issues: list[Issue],
) -> list[LibraryRef]:
    """All libraries the content needs, each after its preloaded dependencies."""

    def preloaded(ref: LibraryRef) -> Sequence[LibraryRef]:
        library = libraries.get(ref)
        return library.preloaded_dependencies if library else installed.get(ref, ())

    def dynamic(ref: LibraryRef) -> Sequence[LibraryRef]:
        library = libraries.get(ref)
        return library.dynamic_dependencies if library else ()

    roots = metadata.preloaded_dependencies + metadata.dynamic_dependencies
    order, cycle = load_order(roots, preloaded, dynamic)
    if cycle is not None:
        first = libraries.get(cycle[0])
        issues.append(cycle_issue(cycle, f"{first.folder}/library.json" if first else "h5p.json"))
    return order


def load_order(
    roots: Sequence[LibraryRef], preloaded: Edges, dynamic: Edges
) -> tuple[list[LibraryRef], list[LibraryRef] | None]:
    """Libraries reached from ``roots``, each after its preloaded dependencies; and a cycle."""
    return _topological(_closure(roots, preloaded, dynamic), preloaded)


def no_edges(ref: LibraryRef) -> Sequence[LibraryRef]:
    """No dependency at all (to follow only one kind of edge with ``load_order``)."""
    return ()


def cycle_issue(cycle: Sequence[LibraryRef], file: str) -> Issue:
    """The error for a circular preloaded dependency, reported against ``file``."""
    template = _("%(file)s: circular preloaded dependency: %(cycle)s.")
    text = " → ".join(str(ref) for ref in cycle)
    return Issue.of("dependency-cycle", file, template, cycle=text)


def missing_issue(ref: LibraryRef, file: str) -> Issue:
    """The error for a required library that is neither in the package nor installed."""
    template = _(
        "%(file)s: the required library %(library)s is neither in the package nor installed."
    )
    return Issue.of("missing-dependency", file, template, library=str(ref))
