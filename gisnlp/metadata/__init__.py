"""Document metadata: type, year reported on, issuer, level, government level, template
version, title, and whether a report was cut short.

One job per module: ``furniture`` (page furniture), ``title``, ``evidence`` (what the body
shows), ``doc_type``, ``year``, ``names`` and ``issuer``, ``level``, ``template_version``,
``completeness`` (truncated reports) and ``component`` (the pipeline step). Patterns and
thresholds are in ``data/metadata.yaml``, bodies and level rules in ``data/issuers.yaml``,
places in ``data/places.yaml`` and ``data/county_level_cities.txt``.
"""
from .component import MetaFound, make_metadata, read_meta, set_meta
from .doc_type import detect_doc_type
from .issuer import detect_issuer, name_in_title
from .level import area_level, detect_level, government_level
from .template_version import detect_template
from .title import find_title
from .year import detect_year

__all__ = ["make_metadata", "read_meta", "set_meta", "MetaFound", "detect_doc_type", "detect_issuer",
           "name_in_title", "detect_level", "government_level", "area_level", "detect_template",
           "find_title", "detect_year"]
