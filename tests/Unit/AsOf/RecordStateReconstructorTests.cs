using System.Globalization;
using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Diff;

namespace AuditExplorer.Tests.Unit.AsOf;

public class RecordStateReconstructorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Guid Created = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Updated = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Viewed = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid Deleted = Guid.Parse("00000000-0000-0000-0000-000000000004");

    private static readonly RecordChange[] History =
    [
        new(Created, T0, "create", null, """{"status":"draft","customer":{"name":"Ann","email":"a@x"},"tags":["a"]}"""),
        new(Updated, T0.AddHours(1), "update", """{"status":"draft"}""", """{"status":"final","customer":{"email":null,"tier":"gold"},"tags":["b","c"]}"""),
        new(Viewed, T0.AddHours(2), "access", null, null),
        new(Deleted, T0.AddHours(3), "delete", """{"status":"final"}""", null),
    ];

    [Fact]
    public void Before_creation_there_is_no_state()
    {
        var state = RecordStateReconstructor.At(History, T0.AddSeconds(-1));

        Assert.Equal(new ReconstructedState(RecordExistence.NotYetCreated, null, null, null, false), state);
    }

    [Fact]
    public void At_the_moment_of_creation_the_state_is_the_created_values()
    {
        var state = RecordStateReconstructor.At(History, T0);

        Assert.Equal(RecordExistence.Exists, state.Existence);
        Assert.Equal("""{"status":"draft","customer":{"name":"Ann","email":"a@x"},"tags":["a"]}""", state.Json);
        Assert.Equal((Created, T0), (state.ProducedBy, state.ProducedAt));
    }

    [Fact]
    public void Update_merges_nested_objects_removes_nulls_and_replaces_arrays()
    {
        var state = RecordStateReconstructor.At(History, T0.AddMinutes(90));

        Assert.Equal("""{"status":"final","customer":{"name":"Ann","tier":"gold"},"tags":["b","c"]}""", state.Json);
        Assert.Equal(Updated, state.ProducedBy);
        Assert.False(state.IsPartial);
    }

    [Fact]
    public void Access_events_do_not_change_state_or_its_producer()
    {
        var state = RecordStateReconstructor.At(History, T0.AddMinutes(150));

        Assert.Equal(Updated, state.ProducedBy);
    }

    [Fact]
    public void After_delete_the_record_is_deleted_by_that_event()
    {
        var state = RecordStateReconstructor.At(History, T0.AddDays(1));

        Assert.Equal(new ReconstructedState(RecordExistence.Deleted, null, Deleted, T0.AddHours(3), false), state);
    }

    [Fact]
    public void Events_out_of_order_are_replayed_chronologically()
    {
        var state = RecordStateReconstructor.At(History.Reverse(), T0.AddMinutes(90));

        Assert.Equal(Updated, state.ProducedBy);
        Assert.Contains("\"final\"", state.Json);
    }

    [Fact]
    public void Updates_without_a_create_start_from_the_old_values_and_are_marked_partial()
    {
        RecordChange[] history = [new(Updated, T0, "update", """{"status":"draft","n":1}""", """{"status":"final"}""")];

        var state = RecordStateReconstructor.At(history, T0);

        Assert.Equal("""{"status":"final","n":1}""", state.Json);
        Assert.True(state.IsPartial);
    }

    [Fact]
    public void Merge_patch_replaces_a_scalar_with_an_object_without_keeping_patch_nulls()
    {
        RecordChange[] history =
        [
            new(Created, T0, "create", null, """{"a":"text"}"""),
            new(Updated, T0, "update", null, """{"a":{"b":1,"c":null}}"""),
        ];

        Assert.Equal("""{"a":{"b":1}}""", RecordStateReconstructor.At(history, T0).Json);
    }

    [Fact]
    public void Non_object_values_are_rejected_with_the_event_id()
    {
        RecordChange[] history = [new(Created, T0, "create", null, "[1,2]")];

        var error = Assert.Throws<InvalidAuditJsonException>(() => RecordStateReconstructor.At(history, T0));

        Assert.Contains(Created.ToString(), error.Message);
        Assert.Contains("must be a JSON object", error.Message);
    }

    [Fact]
    public void Invalid_json_is_rejected_with_a_clear_error()
    {
        RecordChange[] history = [new(Created, T0, "create", null, "{broken")];

        Assert.Throws<InvalidAuditJsonException>(() => RecordStateReconstructor.At(history, T0));
    }

    [Fact]
    public void Unknown_change_kind_is_rejected()
    {
        RecordChange[] history = [new(Created, T0, "rename", null, "{}")];

        var error = Assert.Throws<ArgumentException>(() => RecordStateReconstructor.At(history, T0));

        Assert.Contains("\"rename\"", error.Message);
    }

    [Fact]
    public void Unicode_survives_replay_unescaped()
    {
        RecordChange[] history = [new(Created, T0, "create", null, """{"name":"Zoë"}""")];

        Assert.Equal("""{"name":"Zoë"}""", RecordStateReconstructor.At(history, T0).Json);
    }

    [Fact]
    public void Ten_thousand_levels_of_objects_replay_and_a_deep_patch_merges_at_the_bottom()
    {
        const int depth = 10_000;
        var created = Nested(depth, "{\"keep\":1,\"old\":2}");
        var patch = Nested(depth, "{\"old\":null,\"new\":3}");
        RecordChange[] history = [new(Created, T0, "create", null, created), new(Updated, T0, "update", null, patch)];

        var state = RecordStateReconstructor.At(history, T0);

        Assert.Equal(Nested(depth, "{\"keep\":1,\"new\":3}"), state.Json);
    }

    [Fact]
    public void Ten_thousand_levels_of_arrays_replay_unchanged()
    {
        const int depth = 10_000;
        var json = "{\"a\":" + new string('[', depth) + "1" + new string(']', depth) + "}";
        RecordChange[] history = [new(Created, T0, "create", null, json)];

        Assert.Equal(json, RecordStateReconstructor.At(history, T0).Json);
    }

    [Fact]
    public void Numbers_beyond_double_range_keep_their_exact_text()
    {
        RecordChange[] history =
        [
            new(Created, T0, "create", null, """{"big":1e400,"other":1}"""),
            new(Updated, T0, "update", null, """{"other":-2.5e-400}"""),
        ];

        Assert.Equal("""{"big":1e400,"other":-2.5e-400}""", RecordStateReconstructor.At(history, T0).Json);
    }

    [Fact]
    public void A_two_mebibyte_value_replays_whole()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        RecordChange[] history =
        [
            new(Created, T0, "create", null, $$"""{"blob":"{{huge}}","n":1}"""),
            new(Updated, T0, "update", null, """{"n":2}"""),
        ];

        Assert.Equal($$"""{"blob":"{{huge}}","n":2}""", RecordStateReconstructor.At(history, T0).Json);
    }

    [Fact]
    public void Values_deeper_than_the_limit_are_reported_as_too_deep_to_display_with_their_size()
    {
        var depth = RecordStateReconstructor.MaxDepth + 1;
        var json = "{\"a\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";
        RecordChange[] history = [new(Created, T0, "create", null, json)];

        var error = Assert.Throws<InvalidAuditJsonException>(() => RecordStateReconstructor.At(history, T0));

        Assert.Contains(Created.ToString(), error.Message);
        Assert.Contains("too deep to display", error.Message);
        Assert.Contains(json.Length.ToString("N0", CultureInfo.InvariantCulture) + " bytes", error.Message);
    }

    [Fact]
    public void Nesting_at_the_limit_still_replays()
    {
        var depth = RecordStateReconstructor.MaxDepth - 1;
        var nested = new string('[', depth) + new string(']', depth);
        RecordChange[] history = [new(Created, T0, "create", null, "{\"a\":" + nested + "}")];

        Assert.Equal("{\"a\":" + nested + "}", RecordStateReconstructor.At(history, T0).Json);
    }

    private static string Nested(int depth, string innermost) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + innermost + new string('}', depth);
}
