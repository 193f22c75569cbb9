from ingest.acronyms import expand, find_acronyms


def test_definitions_are_found_with_their_long_forms() -> None:
    found = find_acronyms([
        "Click-through rate (CTR) prediction matters.",
        "Deep neural networks (DNNs) are used. We use multi-task learning (MTL).",
        "This is a (Note) and (a) not acronyms.",
    ])
    assert found == {"CTR": ["click-through rate"], "DNN": ["deep neural networks"], "MTL": ["multi-task learning"]}


def test_expand_appends_long_forms_only_for_known_acronyms() -> None:
    acronyms = {"CTR": ["click-through rate"], "DNN": ["deep neural networks"]}
    assert expand("papers on CTR prediction", acronyms) == "papers on CTR prediction (click-through rate)"
    assert expand("DNNs for tables", acronyms) == "DNNs for tables (deep neural networks)"
    assert expand("nothing to see", acronyms) == "nothing to see"
    assert expand("click-through rate (CTR)", acronyms) == "click-through rate (CTR)"
