"""Reading facts files: every format of contract §1, and every way a real file
goes wrong. A file that cannot be read at all is one InputError; a bad
profile inside a readable file is one Entry with a ProfileError, and the
others are still read. Every message is one line naming the file, the
profile, the key and what was expected."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sorewhy.engine.loaders import Entry, format_of, read_profiles
from sorewhy.errors import InputError, ProfileError


def _write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def _read(tmp_path: Path, name: str, content: str | bytes) -> list[Entry]:
    return list(read_profiles(_write(tmp_path, name, content)))


def _input_error(tmp_path: Path, name: str, content: str | bytes) -> InputError:
    with pytest.raises(InputError) as info:
        _read(tmp_path, name, content)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, message
    assert name in message, message
    return info.value


def _one_line(err: ProfileError | None) -> str:
    assert err is not None
    message = str(err)
    assert "\n" not in message and "\r" not in message, message
    message.encode("utf-8")  # printable: no lone surrogates
    return message


# --- every format reads --------------------------------------------------------------

@pytest.mark.parametrize(("name", "content"), [
    ("a.json", '{"age": 30, "symptoms": ["cramps"]}'),
    ("a.yaml", "age: 30\nsymptoms: [cramps]\n"),
    ("a.yml", "age: 30\nsymptoms:\n  - cramps\n"),
    ("a.toml", 'age = 30\nsymptoms = ["cramps"]\n'),
    ("a.jsonl", '{"age": 30, "symptoms": ["cramps"]}\n'),
    ("a.ndjson", '{"age": 30, "symptoms": ["cramps"]}\n'),
    ("a.csv", "age,symptoms\n30,cramps\n"),
    ("A.JSON", '{"age": 30, "symptoms": ["cramps"]}'),
])
def test_read_profiles_reads_every_format(tmp_path, name, content):
    entries = _read(tmp_path, name, content)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.error is None, entry.error
    assert entry.profile.age == 30 and entry.profile.symptoms == ["cramps"]


@pytest.mark.parametrize(("name", "content", "ids"), [
    ("many.json", '[{"id": "x"}, {}, {"age": 3}]', ["x", "many:2", "many:3"]),
    ("many.json", '{"profiles": [{"id": "x"}, {}]}', ["x", "many:2"]),
    ("many.yaml", "- id: x\n- {}\n", ["x", "many:2"]),
    ("many.toml", '[[profiles]]\nid = "x"\n[[profiles]]\nage = 4\n', ["x", "many:2"]),
    ("many.jsonl", '{"id": "x"}\n\n{"age": 3}\n', ["x", "many:3"]),
    ("many.csv", "id,age\nx,3\n,4\n", ["x", "many:3"]),
    ("one.json", "{}", ["one"]),
])
def test_read_profiles_keeps_order_and_default_ids(tmp_path, name, content, ids):
    entries = _read(tmp_path, name, content)
    assert [e.id for e in entries] == ids
    assert all(e.error is None for e in entries)


def test_csv_cells_take_the_type_of_their_key(tmp_path):
    (entry,) = _read(tmp_path, "t.csv",
                     "age,exercise_hours,heavy_sweating,one_sided,symptoms,labs.ferritin_ng_ml,medications\n"
                     "41,1.5,yes,N,cramps; fatigue ;,12.5,omeprazole;furosemide\n")
    assert entry.error is None, entry.error
    p = entry.profile
    assert (p.age, p.exercise_hours, p.heavy_sweating, p.one_sided) == (41, 1.5, True, False)
    assert p.symptoms == ["cramps", "fatigue"]
    assert p.labs.ferritin_ng_ml == 12.5
    assert p.medications == ["omeprazole", "furosemide"]


def test_csv_empty_cell_and_missing_column_mean_unknown(tmp_path):
    entries = _read(tmp_path, "t.csv", "age,sex,diet\n30,,\n31\n")
    assert [e.error for e in entries] == [None, None]
    assert entries[0].profile.sex is None and entries[1].profile.diet is None
    assert entries[1].profile.age == 31


def test_stdin_reads_json_and_yaml():
    (entry,) = read_profiles("-", stdin=io.BytesIO(b'{"age": 5}'))
    assert entry.profile.age == 5 and entry.id == "stdin"
    entries = list(read_profiles("-", stdin=io.BytesIO(b"- age: 5\n- age: 6\n")))
    assert [e.id for e in entries] == ["stdin:1", "stdin:2"]


def test_bom_is_accepted_in_every_text_format(tmp_path):
    bom = b"\xef\xbb\xbf"
    for name, body in [("b.json", b'{"age": 1}'), ("b.yaml", b"age: 1\n"), ("b.toml", b"age = 1\n"),
                       ("b.jsonl", b'{"age": 1}\n'), ("b.csv", b"age\n1\n")]:
        entries = _read(tmp_path, name, bom + body)
        assert [e.profile.age for e in entries] == [1], name


# --- files that cannot be read at all ---------------------------------------------

@pytest.mark.parametrize(("name", "content", "says"), [
    ("e.json", "", "empty"),
    ("e.yaml", "   \n", "empty"),
    ("e.toml", "", "empty"),
    ("e.jsonl", "", "no profiles"),
    ("e.jsonl", "\n \n\n", "no profiles"),
    ("e.csv", "", "empty"),
    ("e.csv", "age,sex\n", "no profiles"),
    ("e.csv", "age,sex\n,\n\n", "no profiles"),
    ("t.json", '{"age": 3', "invalid JSON at line 1"),
    ("t.json", "[]", "no profiles"),
    ("t.json", '{"profiles": []}', "no profiles"),
    ("t.json", '{"profiles": {"age": 3}}', "must be a list"),
    ("t.json", '{"profiles": [], "age": 3}', "nothing else"),
    ("t.json", '"just text"', "expected a profile mapping"),
    ("t.json", "null", "empty document"),
    ("t.yaml", "age: [1, 2\n", "invalid YAML at line"),
    ("t.yaml", "a: 1\n---\nb: 2\n", "invalid YAML"),
    ("t.yaml", "age: !!python/object:os.system x\n", "invalid YAML"),
    ("t.yaml", "age: 2020-13-45\n", "invalid YAML: month"),
    ("t.yaml", "age: !!int abc\n", "invalid YAML"),
    ("t.toml", "age = \n", "invalid TOML"),
    ("big.json", '{"age": ' + "9" * 5000 + "}", "too many digits"),
    ("big.yaml", "age: " + "9" * 5000 + "\n", "too many digits"),
    ("big.toml", "age = " + "9" * 5000 + "\n", "too many digits"),
    ("deep.json", '{"age": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ("deep.yaml", "age: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("deep.toml", "age = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("deep2.toml", "age = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
    ("deepkeys.yaml", "".join("  " * i + "a:\n" for i in range(800)), "nested too deeply"),
    ("u.json", b'{"sex": "f\xe9male"}', "not UTF-8"),
    ("u.yaml", b"sex: f\xe9male\n", "not UTF-8"),
    ("u16.json", '{"age": 3}'.encode("utf-16"), "UTF-16"),
    ("u16.csv", "age\n3\n".encode("utf-16"), "UTF-16"),
    ("u16.jsonl", '{"age": 3}\n'.encode("utf-16-le"), "UTF-16"),
    ("u32.yaml", "age: 3\n".encode("utf-32"), "UTF-32"),
    ("bin.json", bytes(range(256)) * 4, "binary"),
    ("bin.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ("bin.jsonl", b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + bytes(100), "binary"),
    ("book.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "spreadsheet workbook"),
    ("dup.csv", "age,age\n1,2\n", "column twice"),
    ("x.txt", "{}", "unknown file type"),
    ("noext", "{}", "unknown file type"),
])
def test_unreadable_file_is_one_input_error(tmp_path, name, content, says):
    err = _input_error(tmp_path, name, content)
    assert says.lower() in str(err).lower(), str(err)


def test_missing_file_and_directory_are_input_errors(tmp_path):
    for path, says in [(tmp_path / "absent.json", "no such file"), (tmp_path / "absent.csv", "no such file")]:
        with pytest.raises(InputError, match=says):
            list(read_profiles(str(path)))
    folder = tmp_path / "dir.json"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        list(read_profiles(str(folder)))
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        list(read_profiles(str(folder)))


def test_file_name_with_line_break_is_escaped_in_messages(tmp_path):
    name = "bad\nname.json"
    (tmp_path / name).write_text('{"age": 300}', encoding="utf-8")
    (entry,) = read_profiles(str(tmp_path / name))
    message = _one_line(entry.error)
    assert "bad\\nname.json" in message


def test_stdin_empty_or_invalid_is_input_error():
    with pytest.raises(InputError, match="empty input"):
        list(read_profiles("-", stdin=io.BytesIO(b"")))
    with pytest.raises(InputError, match="invalid JSON or YAML"):
        list(read_profiles("-", stdin=io.BytesIO(b"{age: [")))
    with pytest.raises(InputError, match="too many digits"):
        list(read_profiles("-", stdin=io.BytesIO(b'{"age": ' + b"9" * 5000 + b"}")))


# --- one bad profile, the others kept ---------------------------------------------

@pytest.mark.parametrize(("name", "content", "bad", "key", "says"), [
    ("l.json", '[{"age": 3}, {"age": 300}, {"age": 4}]', 2, "age", "from 0 to 120, got 300"),
    ("l.json", '[{"age": 3}, [1, 2], {"age": 4}]', 2, None, "expected a mapping of facts"),
    ("l.json", '[{"age": 3}, {"id": "kim", "sex": "Mael"}, {}]', 2, "sex", "did you mean 'male'"),
    ("l.json", '[{}, {"Age": 4}, {}]', 2, "Age", "unknown key; did you mean 'age'"),
    ("l.json", '[{}, {"labs": {"ferritin": 4}}, {}]', 2, "labs.ferritin", "4 has no unit"),
    ("l.json", '[{}, {"labs": {"ferritin_ng_ml": NaN}}, {}]', 2, "labs.ferritin_ng_ml", "finite"),
    ("l.json", '[{}, {"exercise_hours": Infinity}, {}]', 2, "exercise_hours", "finite"),
    ("l.json", '[{}, {"exercise_hours": true}, {}]', 2, "exercise_hours", "not true/false"),
    ("l.json", '[{}, {"age": 4, "age": 5}, {}]', 2, "age", "more than once"),
    ("l.json", '[{}, {"labs": {"ferritin_ng_ml": 4, "ferritin_ng_ml": 5}}, {}]', 2, "labs.ferritin_ng_ml",
     "more than once"),
    ("l.json", '[{}, {"symptoms": ' + str(["cramps"] * 10_000).replace("'", '"') + "}, {}]", 2, "symptoms",
     "at most 64 items"),
    ("l.json", '[{}, {"id": "a\\nb"}, {}]', 2, "id", "control characters"),
    ("l.json", '[{}, {"medications": ["x\\u0000"]}, {}]', 2, "medications[0]", "control characters"),
    ("l.json", '[{}, {"id": "\\ud800"}, {}]', 2, "id", "valid Unicode"),
    ("l.json", '[{}, {"\\udc80": 1}, {}]', 2, "\\udc80", "valid Unicode"),
    ("l.json", '[{}, {"medications": ["ok", "\\ud800"]}, {}]', 2, "medications[1]", "valid Unicode"),
    ("l.json", '[{}, {"id": ""}, {}]', 2, "id", "at least 1 character"),
    ("l.json", '[{}, {"id": 7}, {}]', 2, "id", "valid string"),
    ("l.json", '[{}, {"labs": [1]}, {}]', 2, "labs", "mapping of lab names"),
    ("l.yaml", "- {}\n- {1: x}\n- {}\n", 2, "1", "text key"),
    ("l.yaml", "- {}\n- {age: 4, age: 5}\n- {}\n", 2, "age", "more than once"),
    ("l.yaml", "- {}\n- {age: .nan}\n- {}\n", 2, "age", "integer"),
    ("l.yaml", "- {}\n- {exercise_hours: .inf}\n- {}\n", 2, "exercise_hours", "finite"),
    ("l.yaml", "- {}\n- {age: 0x" + "F" * 5000 + "}\n- {}\n", 2, "age", "about 6021 digits"),
    ("l.yaml", "- {}\n- {age: &a [*a]}\n- {}\n", 2, "age", "integer"),
    ("l.yaml", "- {}\n- {age: 2020-01-01}\n- {}\n", 2, "age", "2020-01-01 (a date)"),
    ("l.yaml", "- {}\n- {symptoms: !!binary aGVsbG8=}\n- {}\n", 2, "symptoms", "binary data"),
    ("l.jsonl", '{}\n{"age": 4\n{}\n', 2, None, "invalid JSON"),
    ("l.jsonl", '{}\n{"age": ' + "9" * 5000 + "}\n{}\n", 2, None, "too many digits"),
    ("l.jsonl", "{}\n" + "[" * 100_000 + "\n{}\n", 2, None, "invalid JSON"),
    ("l.jsonl", b'{}\n{"sex": "f\xe9male"}\n{}\n', 2, None, "not UTF-8"),
    ("l.jsonl", '{}\n"text"\n{}\n', 2, None, "expected a mapping of facts"),
    ("l.csv", "age,sex\n1,male\n200,male\n3,female\n", 2, "age", "from 0 to 120"),
    ("l.csv", "age,sex\n1,male\n2,male,extra\n3,female\n", 2, None, "3 cells but the header names 2"),
    ("l.csv", "age,,sex\n1,,male\n2,x,male\n3,,female\n", 2, None, "column 2, which has no header"),
    ("l.csv", "age,sex\n1,male\n1_0,male\n3,female\n", 2, "age", "valid integer"),
    ("l.csv", "age,sex\n1,male\n\u0661\u0662,male\n3,female\n", 2, "age", "valid integer"),
    ("l.csv", "age,sex\n1,male\n42.0,male\n3,female\n", 2, "age", "valid integer"),
    ("l.csv", "age,labs.ferritin_ng_ml\n1,3\n2,\"1,5\"\n3,4\n", 2, "labs.ferritin_ng_ml", "valid number"),
    ("l.csv", "age,labs.ferritin_ng_ml\n1,3\n2,nan\n3,4\n", 2, "labs.ferritin_ng_ml", "finite"),
    ("l.csv", "age,heavy_sweating\n1,yes\n2,maybe\n3,no\n", 2, "heavy_sweating", "valid boolean"),
    ("l.csv", "age,symptoms\n1,cramps\n2,cramps;Fatigeu\n3,\n", 2, "symptoms[1]", "did you mean 'fatigue'"),
    ("l.csv", "age,colour\n1,\n2,red\n3,\n", 2, "colour", "unknown key"),
    ("l.csv", b"age,sex\n1,male\n2,f\xe9male\n3,female\n", 2, None, "not UTF-8"),
    ("l.csv", b"age,sex\n1,male\n2,fe\x00male\n3,female\n", 2, "sex", "did you mean 'female'"),
    ("l.jsonl", b'{}\n{"sex": "fe\x00male"}\n{}\n', 2, None, "invalid JSON"),
    ("l.csv", "age,sex\n1,male\n2,\"x" + "y" * (1 << 21) + "\"\n3,female\n", 2, None, "longer than the 1 MiB limit"),
])
def test_bad_profile_is_one_entry_and_the_others_are_read(tmp_path, name, content, bad, key, says):
    entries = _read(tmp_path, name, content)
    assert len(entries) == 3, [str(e.error) for e in entries]
    for n, entry in enumerate(entries, start=1):
        if n == bad:
            assert entry.profile is None
            if name.endswith(".csv"):
                assert entry.where == "row 3"
            message = _one_line(entry.error)
            assert Path(name).name in message
            assert entry.where in message
            assert entry.error.key == key, message
            if key is not None:
                assert f"key '{key}'" in message
            assert says.lower() in message.lower(), message
        else:
            assert entry.error is None, entry.error


def test_csv_unclosed_quote_costs_only_its_own_row(tmp_path):
    # Each line after the stray quote is a row of the header's width: the
    # reader starts again there, so the broken row costs only itself (#26).
    entries = _read(tmp_path, "q.csv", 'age,sex\n1,male\n2,"male\n3,female\n4,male\n')
    assert [e.where for e in entries] == ["row 2", "row 3", "row 4", "row 5"]
    assert entries[0].error is None and entries[2].error is None and entries[3].error is None
    assert entries[2].profile.age == 3 and entries[3].profile.age == 4
    message = _one_line(entries[1].error)
    assert "row 3" in message and "key 'sex'" in message
    assert "opened on line 3 is not closed before line 4" in message, message


def test_csv_quoted_cell_over_lines_that_are_not_rows_stays_one_row(tmp_path):
    # A closed quoted cell whose other lines are not rows of the header's
    # width is one row in a spreadsheet too: one error, naming its lines.
    entries = _read(tmp_path, "q.csv", 'age,sex\n1,male\n2,"ma\nle"\n4,male\n')
    assert [e.where for e in entries] == ["row 2", "row 3", "row 4"]
    message = _one_line(entries[1].error)
    assert "row 3" in message and "key 'sex'" in message
    assert "from line 3 to line 4" in message, message


def test_csv_unclosed_quote_at_end_keeps_the_rows_it_swallowed(tmp_path):
    text = "id,symptoms\n" + 'a,"chest_pain\n' + "".join(f"p{n},chest_pain\n" for n in range(200))
    entries = _read(tmp_path, "q.csv", text)
    assert len(entries) == 201
    assert entries[0].error is not None
    assert all(e.error is None and e.profile.symptoms == ["chest_pain"] for e in entries[1:])


def test_jsonl_broken_line_costs_only_itself(tmp_path):
    text = '{"symptoms": ["chest_pain"]}\n{"symptoms": ["chest_pain"\n' + '{"symptoms": ["chest_pain"]}\n' * 50
    entries = _read(tmp_path, "l.jsonl", text)
    assert len(entries) == 52
    assert [n for n, e in enumerate(entries) if e.error is not None] == [1]


def test_csv_row_numbers_count_the_header_and_blank_rows(tmp_path):
    entries = _read(tmp_path, "r.csv", "age\n1\n\n300\n")
    assert [(e.position, e.where) for e in entries] == [(2, "row 2"), (4, "row 4")]
    assert "r.csv: row 4: key 'age'" in str(entries[1].error)


def test_jsonl_line_numbers_count_blank_lines(tmp_path):
    entries = _read(tmp_path, "l.jsonl", '{}\n\n{"age": -1}\n')
    assert entries[1].where == "line 3"
    assert "l.jsonl: line 3: key 'age'" in str(entries[1].error)


def test_profile_id_names_the_profile_in_messages(tmp_path):
    (entry,) = _read(tmp_path, "p.json", '[{"id": "case-7", "age": -2}]')
    assert str(entry.error).startswith(f"{tmp_path / 'p.json'}: profile 'case-7' (profile 1): key 'age': ")


def test_error_message_value_is_short_whatever_the_value(tmp_path):
    huge = '"' + "x" * 100_000 + '"'
    (entry,) = _read(tmp_path, "h.json", '{"sex": ' + huge + "}")
    assert len(str(entry.error)) < 400


def test_billion_laughs_yaml_does_not_expand(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("age: [" + ",".join(["*i"] * 9) + "]")
    (entry,) = _read(tmp_path, "lol.yaml", "\n".join(lines) + "\n")
    assert "unknown key" in _one_line(entry.error)


def test_yaml_merge_keys_merge_when_nothing_is_given_twice(tmp_path):
    (entry,) = _read(tmp_path, "m.yaml", "- &base {age: 30, sex: male}\n")
    assert entry.error is None
    entries = _read(tmp_path, "m2.yaml", "- &base {age: 30, sex: male}\n- {<<: *base, diet: vegan}\n")
    assert [e.error for e in entries] == [None, None]
    assert entries[1].profile.age == 30 and entries[1].profile.diet == "vegan"


@pytest.mark.parametrize("content, key", [
    ("<<: {symptoms: [chest_pain]}\nsymptoms: [cramps]\n", "symptoms"),  # a red flag hidden by a later key
    ("- &base {age: 30, sex: male}\n- {<<: *base, age: 31}\n", "age"),
    ("- &a {age: 30}\n- &b {age: 31}\n- {<<: [*a, *b]}\n", "age"),  # merged twice
    ("labs: {<<: {ferritin_ng_ml: 5}, ferritin_ng_ml: 50}\n", "labs.ferritin_ng_ml"),
])
def test_yaml_merge_key_given_again_is_a_duplicate_key(tmp_path, content, key):
    entries = _read(tmp_path, "m.yaml", content)
    last = entries[-1]
    assert last.profile is None and last.error.key == key, last.error
    assert "more than once" in str(last.error)


def test_repeated_profiles_key_is_an_error_not_the_last_list(tmp_path):
    joined = "profiles:\n  - {id: a, symptoms: [chest_pain]}\nprofiles:\n  - {id: b}\n"
    with pytest.raises(InputError, match="'profiles' is given more than once"):
        _read(tmp_path, "all.yaml", joined)
    with pytest.raises(InputError, match="'profiles' is given more than once"):
        _read(tmp_path, "all.json", '{"profiles": [{"id": "a"}], "profiles": [{"id": "b"}]}')


def test_format_of_names_every_extension():
    assert [format_of(n) for n in ("a.json", "a.YAML", "a.yml", "a.toml", "a.jsonl", "a.ndjson", "a.csv", "-")] \
        == ["json", "yaml", "yaml", "toml", "jsonl", "jsonl", "csv", "stdin"]
    with pytest.raises(InputError, match="unknown file type"):
        format_of("a.xlsx")


def test_streamed_formats_read_lazily(tmp_path):
    """JSON Lines and CSV yield the first profile before reading the rest, so
    a long export is never held whole."""
    path = _write(tmp_path, "s.jsonl", '{"age": 1}\n' * 50_000)
    gen = read_profiles(path)
    first = next(gen)
    assert first.profile.age == 1
    gen.close()


def test_csv_repeated_rows_reuse_validation_with_their_own_ids(tmp_path):
    """Rows equal but for their id give the same profiles as if each were
    validated afresh, each with its own id (or default id), and a bad id on a
    repeated row is still reported."""
    from sorewhy.engine.loaders import read_profiles
    from sorewhy.engine.profile import validate_profile

    body = "age,symptoms,labs.magnesium_mg_dl\n"
    lines = ["id," + body.strip()]
    rows = ["p1,40,cramps;tingling,1.5", "p2,40,cramps;tingling,1.5", ",40,cramps;tingling,1.5",
            "p4,41,cramps,", "p5,40,cramps;tingling,1.5", "x\x01bad,40,cramps;tingling,1.5"]
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(lines + rows) + "\n", encoding="utf-8")
    entries = list(read_profiles(str(path)))
    assert [e.id for e in entries[:5]] == ["p1", "p2", "survey:4", "p4", "p5"]
    for entry in entries[:5]:
        fresh = validate_profile(entry.profile.model_dump(exclude_none=True), "x", "y")
        assert entry.profile == fresh
    assert entries[2].profile.id is None
    assert entries[5].error is not None and "id" in str(entries[5].error)


def test_csv_lab_column_with_units(tmp_path):
    entries = _read(tmp_path, "labs.csv",
                    "id,symptoms,labs.vitamin_d_25oh,labs.calcium,labs.ferritin_ng_ml\n"
                    "uk,bone_pain,30 nmol/L,2.3 mmol/L,22\n"
                    "us,bone_pain,12 ng/mL,9.2 mg/dL,\n"
                    "bare,bone_pain,30,,\n")
    uk, us, bare = entries
    assert [(r.analyte, r.unit, r.value) for r in uk.profile.labs.readings()] == [
        ("calcium", "mmol/L", 2.3), ("vitamin_d_25oh", "nmol/L", 30.0), ("ferritin", "ng/mL", 22.0)]
    assert [r.analyte for r in us.profile.labs.readings()] == ["calcium", "vitamin_d_25oh"]
    assert bare.profile is None
    assert bare.error.key == "labs.vitamin_d_25oh" and "30 has no unit" in str(bare.error)


def test_csv_labs_column_beside_lab_columns_is_that_rows_error(tmp_path):
    content = "id,labs,labs.magnesium_mg_dl,symptoms\na,,1,chest_pain\nb,x,1,chest_pain\nc,,,chest_pain\n"
    entries = _read(tmp_path, "l.csv", content)
    assert [e.id for e in entries] == ["a", "b", "c"]
    assert entries[0].error is None and entries[2].error is None
    assert entries[1].error.key == "labs" and "'labs.*' columns" in str(entries[1].error)


def test_csv_labs_column_after_lab_columns_does_not_replace_them(tmp_path):
    entries = _read(tmp_path, "l.csv", "id,labs.magnesium_mg_dl,labs\na,1,x\n")
    assert entries[0].profile is None and entries[0].error.key == "labs"


def test_profile_that_breaks_the_reader_is_its_own_error(tmp_path, monkeypatch):
    import sorewhy.engine.loaders as loaders

    real = loaders.validate_profile

    def flaky(data, source, where, *args):
        if data.get("id") == "b":
            raise TypeError("boom")
        return real(data, source, where, *args)

    monkeypatch.setattr(loaders, "validate_profile", flaky)
    entries = _read(tmp_path, "l.jsonl", '{"id": "a"}\n{"id": "b"}\n{"id": "c"}\n')
    assert [e.error is None for e in entries] == [True, False, True]
    assert "internal error while reading this profile: TypeError: boom" in str(entries[1].error)


@pytest.mark.parametrize("name", ["big.json", "big.toml", "big.yaml"])
def test_whole_document_over_the_limit_is_refused_before_parsing(tmp_path, name):
    from sorewhy.engine.loaders import MAX_DOCUMENT_BYTES, MAX_YAML_BYTES

    limit = MAX_YAML_BYTES if name.endswith(".yaml") else MAX_DOCUMENT_BYTES
    path = tmp_path / name
    with open(path, "wb") as handle:
        handle.truncate(limit + 1)  # sparse: nothing to parse would be valid anyway
    with pytest.raises(InputError, match=f"larger than the {limit >> 20} MiB limit") as info:
        list(read_profiles(str(path)))
    err = info.value
    assert "\n" not in str(err)


def test_endless_input_named_json_is_refused_without_reading_it_all(tmp_path):
    zero = tmp_path / "z.json"
    zero.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="more than 8 MiB"):
        list(read_profiles(str(zero)))


def test_yaml_on_standard_input_over_its_limit_is_refused(tmp_path):
    import io

    from sorewhy.engine.loaders import MAX_YAML_BYTES

    text = b"id: x\n" + b"# padding\n" * (MAX_YAML_BYTES // 10 + 1)
    with pytest.raises(InputError, match=r"invalid JSON at line 1 .* larger than the 1 MiB limit for YAML"):
        list(read_profiles("-", stdin=io.BytesIO(text)))


@pytest.mark.parametrize("name", ["l.jsonl", "l.csv"])
def test_record_over_the_limit_is_that_records_error_and_reading_goes_on(tmp_path, name):
    from sorewhy.engine.loaders import MAX_RECORD_BYTES

    huge = "x" * (MAX_RECORD_BYTES + 10)
    if name.endswith(".jsonl"):
        content = '{"id": "a"}\n{"id": "' + huge + '"}\n{"id": "c", "symptoms": ["chest_pain"]}\n'
        where = "line 2"
    else:
        content = "id,symptoms\na,\n" + huge + ",cramps\nc,chest_pain\n"
        where = "row 3"
    entries = _read(tmp_path, name, content)
    assert [e.error is None for e in entries] == [True, False, True]
    assert f"{where}: " in str(entries[1].error) and "longer than the 1 MiB limit" in str(entries[1].error)
    assert entries[2].profile.symptoms == ["chest_pain"]


def test_record_just_under_the_limit_is_read(tmp_path):
    from sorewhy.engine.loaders import MAX_RECORD_BYTES

    line = '{"id": "a", "age": 30' + " " * (MAX_RECORD_BYTES - 22) + "}"
    assert len(line) == MAX_RECORD_BYTES
    (entry,) = _read(tmp_path, "l.jsonl", line + "\r\n")
    assert entry.error is None and entry.profile.age == 30


def test_csv_lone_carriage_returns_end_lines(tmp_path):
    entries = _read(tmp_path, "l.csv", b"id,age\ra,1\rb,2\r\nc,3")
    assert [(e.id, e.profile.age) for e in entries] == [("a", 1), ("b", 2), ("c", 3)]


# Lab values under attack: each is that profile's one-line error, the others
# are still read. (Written against the unit-suffixed keys; they hold as well
# once values may carry a unit.)
HOSTILE_LAB_VALUES = ["NaN nmol/L", "nan", "inf", "-inf", "1e309", "1e999999", "9" * 5000, "2.3 furlongs",
                      "2.3 mg/dL", "<script>alert(1)</script>", "2.3\u202e", "0x10", "\u0662.\u0663"]


@pytest.mark.parametrize("value", HOSTILE_LAB_VALUES)
@pytest.mark.parametrize("name", ["l.csv", "l.jsonl"])
def test_hostile_lab_value_is_that_profiles_error(tmp_path, name, value):
    if name.endswith(".csv"):
        content = "id,labs.potassium_mmol_l\na,4.0\nb," + value.replace(",", "") + "\nc,3.9\n"
    else:
        content = "".join(json.dumps({"id": pid, "labs": {"potassium_mmol_l": v}}) + "\n"
                          for pid, v in (("a", 4.0), ("b", value), ("c", 3.9)))
    entries = _read(tmp_path, name, content)
    assert [e.id for e in entries] == ["a", "b", "c"]
    assert entries[0].error is None and entries[2].error is None
    err = str(entries[1].error)
    assert "labs.potassium_mmol_l" in err and "\n" not in err and len(err) < 400, err


@pytest.mark.parametrize("name, content", [("l.csv", "age,symptoms\n3,cramps\n4,fatigue\n5,cramps\n"),
                                           ("l.jsonl", '{"age": 3}\n{"age": 4}\n{"age": 5}\n')])
def test_loader_bug_on_one_record_is_that_records_error(tmp_path, monkeypatch, name, content):
    from sorewhy.engine import loaders

    real = loaders._validated

    def flaky(source, position, label, data, single=False, **kwargs):
        if position == 3 if name.endswith(".csv") else position == 2:  # the second profile either way
            raise RuntimeError("simulated bug")
        return real(source, position, label, data, single, **kwargs)

    monkeypatch.setattr(loaders, "_validated", flaky)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    entries = list(read_profiles(str(path)))
    assert [e.error is None for e in entries] == [True, False, True]
    assert "internal error while reading this profile: RuntimeError: simulated bug" in str(entries[1].error)
    assert entries[1].where == ("row 3" if name.endswith(".csv") else "line 2")
