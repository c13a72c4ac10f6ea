"""A component's page reads that component alone, and an outline of the others that
says what the whole document says of them."""

from __future__ import annotations

from sqlalchemy import Engine, delete

from rbb.services.document_service import DocumentService
from rbb.storage import DocumentStore
from rbb.storage import schema as tables
from tests.conftest import BUDGET_SEED, imported


def _stored(engine: Engine) -> tuple[DocumentService, int]:
    budget = imported(BUDGET_SEED).document
    assert budget is not None
    return DocumentService(engine), DocumentStore(engine).save(budget)


def test_one_component_read_and_every_component_outlined(engine: Engine) -> None:
    service, document_id = _stored(engine)
    whole = service.load_by_id(document_id)
    assert len(whole.components) > 1
    chosen = whole.components[-1]
    document, outlines = service.component(document_id, chosen.key)
    assert document.components == (chosen,)
    assert document.key == whole.key and document.title == whole.title
    assert [o.key for o in outlines] == [c.key for c in whole.components]
    for outline, component in zip(outlines, whole.components, strict=True):
        accomplishments = component.expected_accomplishments
        assert outline.name == component.name and outline.number == component.number
        assert outline.expected_accomplishments == tuple((ea.number, ea.text)
                                                         for ea in accomplishments)
        assert outline.indicators == sum(len(ea.indicators) for ea in accomplishments)
        assert outline.outputs == sum(len(ea.outputs) for ea in accomplishments)


def test_a_component_the_document_lacks_reads_as_none(engine: Engine) -> None:
    service, document_id = _stored(engine)
    document, outlines = service.component(document_id, "no_such_component")
    assert document.components == () and outlines


def test_a_document_stored_before_its_parts_were_is_read_from_its_body(
        engine: Engine) -> None:
    service, document_id = _stored(engine)
    whole = service.load_by_id(document_id)
    with engine.begin() as connection:
        connection.execute(delete(tables.document_parts))
    document, outlines = service.component(document_id, whole.components[0].key)
    assert document.components == (whole.components[0],)
    assert len(outlines) == len(whole.components)
