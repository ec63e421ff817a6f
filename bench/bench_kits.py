"""Kit PDF renders (tagged, fonts embedded) next to bare WeasyPrint on the same HTML."""

from __future__ import annotations

from bench.common import report, test_database, time_calls


def run() -> None:
    """Render the demo e-book kit in each variant, and the same HTML with bare WeasyPrint."""
    with test_database():
        from accounts.demo import DemoLog
        from common.pdf import render_pdf_bare
        from mediation_kits import demo
        from mediation_kits.pdf import VARIANTS, kit_pdf_bytes, kit_pdf_html
        from mediation_kits.selectors import kit_content, kit_pdf_cached
        from mediation_kits.services import kit_pdf_render
        from resources import demo as resources_demo

        resources_demo.seed(DemoLog(lambda _line: None))
        index = demo.catalogue_ensure()
        kit, _changed = demo.kit_ensure(index, demo.demo_kits()[0])
        content = kit_content(kit)
        print(f"kit: {kit.title} ({len(content.steps)} steps)")
        for variant in VARIANTS:
            html = kit_pdf_html(content, variant)
            assert kit_pdf_bytes(content, variant).startswith(b"%PDF-")
            report(
                f"kit PDF {variant}",
                time_calls(lambda v=variant: kit_pdf_bytes(content, v), repeat=8, warmup=2),
                time_calls(lambda h=html: render_pdf_bare(h), repeat=8, warmup=2),
                "bare WeasyPrint",
            )
        # A download once rendered: the cache lookup (revision + registry fingerprint).
        kit_pdf_render(page=kit, variant="a4")
        report(
            "cached download lookup (a4)",
            time_calls(lambda: kit_pdf_cached(kit, "a4", kit_content(kit).fingerprint), repeat=50),
            time_calls(lambda: kit_pdf_bytes(content, "a4"), repeat=3, warmup=0),
            "rendering it",
        )
