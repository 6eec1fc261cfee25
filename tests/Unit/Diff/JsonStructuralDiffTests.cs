using AuditExplorer.Data.Diff;

namespace AuditExplorer.Tests.Unit.Diff;

public class JsonStructuralDiffTests
{
    private static FieldChange Single(string? oldJson, string? newJson) =>
        Assert.Single(JsonStructuralDiff.Compare(oldJson, newJson));

    [Fact]
    public void Identical_documents_have_no_changes()
    {
        Assert.Empty(JsonStructuralDiff.Compare("""{"a":1,"b":[1,2],"c":{"d":null}}""", """{"c":{"d":null},"b":[1,2],"a":1}"""));
    }

    [Fact]
    public void Changed_nested_field_is_reported_with_its_full_path()
    {
        var change = Single(
            """{"customer":{"address":{"city":"Berlin","zip":"10115"}}}""",
            """{"customer":{"address":{"city":"Paris","zip":"10115"}}}""");

        Assert.Equal(new FieldChange("$.customer.address.city", FieldChangeKind.Changed, "\"Berlin\"", "\"Paris\""), change);
    }

    [Fact]
    public void Added_and_removed_members_are_reported_in_key_order()
    {
        var changes = JsonStructuralDiff.Compare("""{"b":1,"c":2}""", """{"a":{"x":1},"c":2}""");

        Assert.Equal(
            [
                new FieldChange("$.a", FieldChangeKind.Added, null, """{"x":1}"""),
                new FieldChange("$.b", FieldChangeKind.Removed, "1", null),
            ],
            changes);
    }

    [Fact]
    public void Create_lists_every_top_level_field_as_added()
    {
        var changes = JsonStructuralDiff.Compare(null, """{"status":"draft","owner":{"id":7}}""");

        Assert.Equal(
            [
                new FieldChange("$.owner", FieldChangeKind.Added, null, """{"id":7}"""),
                new FieldChange("$.status", FieldChangeKind.Added, null, "\"draft\""),
            ],
            changes);
    }

    [Fact]
    public void Delete_lists_every_top_level_field_as_removed()
    {
        var changes = JsonStructuralDiff.Compare("""{"status":"draft","n":1}""", null);

        Assert.All(changes, c => Assert.Equal(FieldChangeKind.Removed, c.Kind));
        Assert.Equal(["$.n", "$.status"], changes.Select(c => c.Path));
    }

    [Fact]
    public void No_documents_at_all_have_no_changes()
    {
        Assert.Empty(JsonStructuralDiff.Compare(null, null));
    }

    [Fact]
    public void Non_object_roots_compare_as_a_whole()
    {
        Assert.Equal(new FieldChange("$", FieldChangeKind.Changed, "1", "\"one\""), Single("1", "\"one\""));
        Assert.Equal(new FieldChange("$", FieldChangeKind.Added, null, "[1]"), Single(null, "[1]"));
    }

    [Fact]
    public void Arrays_of_objects_with_ids_are_matched_by_id_not_position()
    {
        var changes = JsonStructuralDiff.Compare(
            """{"items":[{"id":41,"qty":1},{"id":42,"qty":2}]}""",
            """{"items":[{"id":42,"qty":5},{"id":43,"qty":1}]}""");

        Assert.Equal(
            [
                new FieldChange("$.items[id=42].qty", FieldChangeKind.Changed, "2", "5"),
                new FieldChange("$.items[id=43]", FieldChangeKind.Added, null, """{"id":43,"qty":1}"""),
                new FieldChange("$.items[id=41]", FieldChangeKind.Removed, """{"id":41,"qty":1}""", null),
            ],
            changes);
    }

    [Fact]
    public void Reordering_elements_with_ids_is_not_a_change()
    {
        Assert.Empty(JsonStructuralDiff.Compare(
            """[{"id":"a","v":1},{"id":"b","v":2}]""",
            """[{"id":"b","v":2},{"id":"a","v":1}]"""));
    }

    [Fact]
    public void String_ids_are_quoted_in_the_path()
    {
        var change = Single("""[{"key":"x","v":1}]""", """[{"key":"x","v":2}]""");

        Assert.Equal("$[key=\"x\"].v", change.Path);
    }

    [Fact]
    public void Identity_key_falls_back_to_name_when_id_is_missing_from_some_elements()
    {
        var change = Single(
            """[{"name":"a","id":1,"v":1},{"name":"b","v":2}]""",
            """[{"name":"b","v":3},{"name":"a","id":1,"v":1}]""");

        Assert.Equal(new FieldChange("$[name=\"b\"].v", FieldChangeKind.Changed, "2", "3"), change);
    }

    [Fact]
    public void Arrays_without_identity_compare_by_position_with_added_tail()
    {
        var changes = JsonStructuralDiff.Compare("""{"tags":["a","b"]}""", """{"tags":["a","c","d"]}""");

        Assert.Equal(
            [
                new FieldChange("$.tags[1]", FieldChangeKind.Changed, "\"b\"", "\"c\""),
                new FieldChange("$.tags[2]", FieldChangeKind.Added, null, "\"d\""),
            ],
            changes);
    }

    [Fact]
    public void Shorter_array_reports_removed_tail()
    {
        var changes = JsonStructuralDiff.Compare("[1,2,3]", "[1]");

        Assert.Equal(["$[1]", "$[2]"], changes.Select(c => c.Path));
        Assert.All(changes, c => Assert.Equal(FieldChangeKind.Removed, c.Kind));
    }

    [Fact]
    public void Inserting_at_the_front_of_a_scalar_array_is_one_addition()
    {
        Assert.Equal(new FieldChange("$[0]", FieldChangeKind.Added, null, "0"), Single("[1,2,3]", "[0,1,2,3]"));
    }

    [Fact]
    public void Removing_from_the_middle_of_a_scalar_array_names_the_old_position()
    {
        Assert.Equal(new FieldChange("$.tags[1]", FieldChangeKind.Removed, "\"b\"", null),
            Single("""{"tags":["a","b","c"]}""", """{"tags":["a","c"]}"""));
    }

    [Fact]
    public void Scalar_arrays_align_around_unchanged_elements()
    {
        var changes = JsonStructuralDiff.Compare("""["x","a","y","b"]""", """["a","z","b","w"]""");

        Assert.Equal(
            [
                new FieldChange("$[0]", FieldChangeKind.Removed, "\"x\"", null),
                new FieldChange("$[1]", FieldChangeKind.Changed, "\"y\"", "\"z\""),
                new FieldChange("$[3]", FieldChangeKind.Added, null, "\"w\""),
            ],
            changes);
    }

    [Fact]
    public void Aligned_numbers_that_differ_only_in_precision_are_still_compared_exactly()
    {
        var change = Single("[0.1000000000000000000001]", "[0.1000000000000000000002]");

        Assert.Equal(FieldChangeKind.Changed, change.Kind);
    }

    [Fact]
    public void Duplicate_identity_values_fall_back_to_positions()
    {
        var change = Single("""[{"id":1,"v":1},{"id":1,"v":2}]""", """[{"id":1,"v":1},{"id":1,"v":3}]""");

        Assert.Equal("$[1].v", change.Path);
    }

    [Fact]
    public void Type_change_from_object_to_scalar_is_one_change_of_the_whole_value()
    {
        var change = Single("""{"a":{"b":1}}""", """{"a":"gone"}""");

        Assert.Equal(new FieldChange("$.a", FieldChangeKind.Changed, """{"b":1}""", "\"gone\""), change);
    }

    [Fact]
    public void Null_and_missing_are_different()
    {
        var change = Single("""{"a":null}""", "{}");

        Assert.Equal(new FieldChange("$.a", FieldChangeKind.Removed, "null", null), change);
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("100", "1e2")]
    [InlineData("0.5", "5E-1")]
    public void Numbers_with_equal_value_are_not_a_change(string left, string right)
    {
        Assert.Empty(JsonStructuralDiff.Compare($$"""{"n":{{left}}}""", $$"""{"n":{{right}}}"""));
    }

    [Fact]
    public void Different_numbers_are_a_change_shown_as_written()
    {
        Assert.Equal(new FieldChange("$.n", FieldChangeKind.Changed, "1.0", "1.5"), Single("""{"n":1.0}""", """{"n":1.5}"""));
    }

    [Fact]
    public void True_and_false_differ()
    {
        Assert.Equal(FieldChangeKind.Changed, Single("""{"b":true}""", """{"b":false}""").Kind);
    }

    [Fact]
    public void Unicode_keys_and_values_stay_readable()
    {
        var change = Single("""{"名前":"Zoë"}""", """{"名前":"Zoë 🎉"}""");

        Assert.Equal(new FieldChange("$.名前", FieldChangeKind.Changed, "\"Zoë\"", "\"Zoë 🎉\""), change);
    }

    [Fact]
    public void Escaped_and_literal_forms_of_the_same_string_are_equal()
    {
        Assert.Empty(JsonStructuralDiff.Compare("""{"s":"\u00e9"}""", """{"s":"é"}"""));
    }

    [Fact]
    public void Keys_that_are_not_plain_names_are_quoted_in_the_path()
    {
        var change = Single("""{"a.b":{"it's":1}}""", """{"a.b":{"it's":2}}""");

        Assert.Equal("$['a.b']['it\\'s']", change.Path);
    }

    [Fact]
    public void Markup_in_values_is_kept_verbatim_for_the_view_to_escape()
    {
        var change = Single("""{"note":"hi"}""", """{"note":"<script>alert(1)</script>"}""");

        Assert.Equal("\"<script>alert(1)</script>\"", change.NewValue);
    }

    [Theory]
    [InlineData("{\"a\":", null, "old")]
    [InlineData("{}", "{'a':1}", "new")]
    [InlineData("{}", "", "new")]
    [InlineData("not json", "{}", "old")]
    public void Invalid_json_gives_a_clear_error_naming_the_document(string? oldJson, string? newJson, string which)
    {
        var error = Assert.Throws<InvalidAuditJsonException>(() => JsonStructuralDiff.Compare(oldJson, newJson));

        Assert.StartsWith($"The {which} values are not valid JSON", error.Message);
    }

    [Fact]
    public void Ten_thousand_levels_of_nested_arrays_do_not_overflow_the_stack()
    {
        const int depth = 10_000;
        var old = new string('[', depth) + "1" + new string(']', depth);
        var @new = new string('[', depth) + "2" + new string(']', depth);

        var change = Single(old, @new);

        Assert.Equal("$" + string.Concat(Enumerable.Repeat("[0]", depth)), change.Path);
        Assert.Equal(("1", "2"), (change.OldValue, change.NewValue));
    }

    [Fact]
    public void Deeply_nested_added_subtree_is_reported_whole()
    {
        const int depth = 10_000;
        var nested = new string('[', depth) + new string(']', depth);

        var change = Single("{}", $$"""{"deep":{{nested}}}""");

        Assert.Equal(FieldChangeKind.Added, change.Kind);
        Assert.Equal(nested, change.NewValue);
    }

    [Fact]
    public void Large_arrays_of_objects_without_identity_compare_element_by_element()
    {
        var old = "[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"v":{{i}}}""")) + "]";
        var @new = "[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"v":{{(i == 19_999 ? -1 : i)}}}""")) + "]";

        Assert.Equal("$[19999].v", Single(old, @new).Path);
    }
}
