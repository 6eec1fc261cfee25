using AuditExplorer.Data.Access;
using AuditExplorer.Web.Access;
using Bunit;

namespace AuditExplorer.Tests.Unit.Access;

public sealed class PurposePromptTests : MudTestContext
{
    private IRenderedComponent<PurposePrompt> RenderPrompt(Action<AccessPurpose> given) =>
        Render<PurposePrompt>(p => p.Add(x => x.Tenant, "globex").Add(x => x.OnGiven, given));

    [Fact]
    public void An_empty_purpose_is_refused_with_a_message_saying_what_to_write()
    {
        AccessPurpose? given = null;
        var cut = RenderPrompt(p => given = p);
        cut.Find("form").Submit();
        Assert.Null(given);
        Assert.Contains("Say why you need access", cut.Markup);
    }

    [Fact]
    public void A_purpose_with_break_glass_is_handed_on_trimmed()
    {
        AccessPurpose? given = null;
        var cut = RenderPrompt(p => given = p);
        cut.Find("input[data-testid=purpose-reason], [data-testid=purpose-reason] input").Change("  CASE-9 customer request  ");
        cut.Find("input[data-testid=purpose-break-glass], [data-testid=purpose-break-glass] input").Change(true);
        cut.Find("form").Submit();
        Assert.Equal(new AccessPurpose("CASE-9 customer request", true), given);
    }
}
