using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Tests.Unit.Redaction;

public class PersonalDataRedactorTests
{
    private static PersonalDataRedactor Redacting(params string[] paths) => new(RedactionPolicy.Redacting(paths));

    [Fact]
    public void Value_at_a_personal_path_is_replaced_by_the_marker()
    {
        var text = Redacting("$.customer.email").RedactJson("""{"customer":{"email":"ann@example.com","tier":"gold"},"email":"x@y.z"}""");

        Assert.Equal("""{"customer":{"email":"redacted","tier":"gold"},"email":"x@y.z"}""", text);
    }

    [Fact]
    public void Personal_object_is_replaced_whole()
    {
        var text = Redacting("$.customer").RedactJson("""{"customer":{"email":"ann@example.com"},"n":1}""");

        Assert.Equal("""{"customer":"redacted","n":1}""", text);
    }

    [Fact]
    public void Descendant_wildcard_redacts_the_name_at_every_depth()
    {
        var text = Redacting("$..email").RedactJson("""{"email":"a@x","list":[{"email":"b@x"},{"other":{"email":"c@x"}}]}""");

        Assert.Equal("""{"email":"redacted","list":[{"email":"redacted"},{"other":{"email":"redacted"}}]}""", text);
    }

    [Fact]
    public void Array_wildcard_redacts_each_element_member()
    {
        var text = Redacting("$.contacts[*].phone").RedactJson("""{"contacts":[{"phone":"1"},{"phone":"2","name":"n"}]}""");

        Assert.Equal("""{"contacts":[{"phone":"redacted"},{"phone":"redacted","name":"n"}]}""", text);
    }

    [Fact]
    public void Document_without_personal_values_is_returned_unchanged()
    {
        const string json = """{ "a" : 1 }""";

        Assert.Same(json, Redacting("$.email").RedactJson(json));
    }

    [Fact]
    public void Full_view_returns_the_document_untouched()
    {
        const string json = """{"email":"ann@example.com"}""";

        Assert.Same(json, new PersonalDataRedactor(RedactionPolicy.FullView).RedactJson(json));
        Assert.False(new PersonalDataRedactor(RedactionPolicy.FullView).IsRedacting);
    }

    [Fact]
    public void Null_document_stays_null()
    {
        Assert.Null(Redacting("$.email").RedactJson(null));
    }

    [Fact]
    public void Change_at_a_personal_path_shows_the_marker_on_both_sides()
    {
        var changes = Redacting("$.customer.email").RedactChanges(
            [new FieldChange("$.customer.email", FieldChangeKind.Changed, "\"ann@example.com\"", "\"ann@example.org\"")]);

        Assert.Equal(
            new FieldChange("$.customer.email", FieldChangeKind.Changed, "\"redacted\"", "\"redacted\"") { IsRedacted = true },
            Assert.Single(changes));
    }

    [Fact]
    public void Change_below_a_personal_path_is_redacted()
    {
        var change = Assert.Single(Redacting("$.customer").RedactChanges(
            [new FieldChange("$.customer.address.city", FieldChangeKind.Added, null, "\"Berlin\"")]));

        Assert.Equal((null, "\"redacted\"", true), (change.OldValue, change.NewValue, change.IsRedacted));
    }

    [Fact]
    public void Personal_values_nested_in_an_added_object_are_redacted_inside_it()
    {
        var change = Assert.Single(Redacting("$.customer.email").RedactChanges(
            [new FieldChange("$.customer", FieldChangeKind.Added, null, """{"email":"ann@example.com","tier":"gold"}""")]));

        Assert.Equal("""{"email":"redacted","tier":"gold"}""", change.NewValue);
        Assert.True(change.IsRedacted);
    }

    [Fact]
    public void Array_wildcard_applies_to_changes_matched_by_identity()
    {
        var change = Assert.Single(Redacting("$.items[*].owner").RedactChanges(
            [new FieldChange("$.items[id=42].owner", FieldChangeKind.Changed, "\"ann\"", "\"bob\"")]));

        Assert.True(change.IsRedacted);
        Assert.DoesNotContain("bob", change.NewValue);
    }

    [Fact]
    public void Unrelated_changes_pass_through_untouched()
    {
        var original = new FieldChange("$.status", FieldChangeKind.Changed, "\"draft\"", "\"final\"");

        Assert.Same(original, Assert.Single(Redacting("$..email").RedactChanges([original])));
    }

    [Fact]
    public void Personal_paths_are_checked_when_the_policy_is_read()
    {
        Assert.Throws<InvalidJsonPathException>(() => Redacting("customer.email"));
    }

    [Fact]
    public void Deeply_nested_documents_are_redacted_without_overflowing_the_stack()
    {
        const int depth = 10_000;
        var json = new string('[', depth) + """{"email":"a@x"}""" + new string(']', depth);

        var text = Redacting("$..email").RedactJson(json);

        Assert.Equal(new string('[', depth) + """{"email":"redacted"}""" + new string(']', depth), text);
    }
}
