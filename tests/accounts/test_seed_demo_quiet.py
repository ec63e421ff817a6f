"""seed_demo keeps the per-page and per-task log lines out of its summary."""

import logging

from accounts.management.commands.seed_demo import CHATTY_LOGGERS, quieter


def test_quieter_silences_info_records_inside_the_block_only(caplog) -> None:
    """In the block, INFO records of the chatty loggers are dropped; warnings still pass."""
    caplog.set_level(logging.INFO)
    wagtail = logging.getLogger("wagtail")
    with quieter(CHATTY_LOGGERS):
        wagtail.info("Page created")
        logging.getLogger("celery.app.trace").info("Task succeeded")
        wagtail.warning("Something to see")
    wagtail.info("Page published")
    assert [record.getMessage() for record in caplog.records] == [
        "Something to see",
        "Page published",
    ]


def test_quieter_restores_the_previous_levels() -> None:
    """Each logger gets back the level it had, even when the block fails."""
    logger = logging.getLogger("celery.app.trace")
    logger.setLevel(logging.DEBUG)
    try:
        with quieter(("celery.app.trace",)):
            assert logger.level == logging.WARNING
            raise RuntimeError
    except RuntimeError:
        pass
    assert logger.level == logging.DEBUG
    logger.setLevel(logging.NOTSET)
