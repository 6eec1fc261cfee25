using AuditExplorer.Data.Integrity;
using AuditExplorer.Web.Integrity;
using Bunit;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>The Integrity page shows a confirmed, an unconfirmed and an unchecked acknowledged loss each for what it is.</summary>
public sealed class AcknowledgedLossListTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static AcknowledgedLossCheck Check(long from, long through, AcknowledgedLossStatus status, string detail, string reason = "disk failed") =>
        new(new AcknowledgedLoss(from, through, "ops:alice", At, reason, "INC-7", Guid.CreateVersion7(), new byte[32], new byte[32]), status, detail);

    private IRenderedComponent<AcknowledgedLossList> RenderList(bool recordConfigured, params AcknowledgedLossCheck[] checks) =>
        Render<AcknowledgedLossList>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Checks, checks).Add(x => x.RecordConfigured, recordConfigured));

    [Fact]
    public void A_confirmed_loss_is_a_warning_and_an_unconfirmed_one_an_error_that_says_to_treat_it_as_a_rollback()
    {
        var cut = RenderList(true,
            Check(28, 40, AcknowledgedLossStatus.Confirmed, "seqs 28–40: signed by auditexplorer+0a1b2c3d at 2026-11-30 09:00:00Z in the signer's record"),
            Check(41, 60, AcknowledgedLossStatus.NotConfirmed, "the signer's record holds no acknowledgement of seqs 41–60"));

        var confirmed = cut.Find("[data-testid=losses-confirmed]");
        Assert.Contains("mud-alert-text-warning", confirmed.ClassName);
        Assert.Contains("Acknowledged loss: this log is not complete", confirmed.TextContent);
        Assert.Contains("seqs 28–40 lost, acknowledged by ops:alice", confirmed.QuerySelector("[data-testid=acknowledged-loss][data-status=confirmed]")!.TextContent);
        Assert.DoesNotContain("41–60", confirmed.TextContent);

        var unconfirmed = cut.Find("[data-testid=losses-not-confirmed]");
        Assert.Contains("mud-alert-text-error", unconfirmed.ClassName);
        Assert.Equal("alert", unconfirmed.GetAttribute("role"));
        Assert.Contains("Not in the signer's record: treat this as a rollback, not an acknowledged loss", unconfirmed.TextContent);
        Assert.Contains("holds no acknowledgement of seqs 41–60", unconfirmed.QuerySelector("[data-testid=acknowledged-loss][data-status=not-confirmed]")!.TextContent);
        Assert.Contains("auditexplorer verify-chain --tenant acme --full", unconfirmed.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=losses-unchecked]"));
    }

    [Fact]
    public void Without_a_record_an_unchecked_loss_says_how_to_configure_one_and_with_an_unreadable_record_to_reload()
    {
        var loss = Check(28, 40, AcknowledgedLossStatus.CannotBeChecked, "not given the signer's record");

        var noRecord = RenderList(false, loss).Find("[data-testid=losses-unchecked]");
        var unreadable = RenderList(true, loss).Find("[data-testid=losses-unchecked]");

        Assert.Contains("not checked against the signer's record", noRecord.TextContent);
        Assert.Contains("Checkpoints:SignedRecordPath", noRecord.TextContent);
        Assert.NotNull(noRecord.QuerySelector("[data-testid=acknowledged-loss][data-status=unchecked]"));
        Assert.DoesNotContain("Checkpoints:SignedRecordPath", unreadable.TextContent);
        Assert.Contains("could not be read just now", unreadable.TextContent);
    }

    [Fact]
    public void A_signed_acknowledgement_without_a_row_is_listed_from_the_record_even_when_the_database_has_none()
    {
        var loss = new LossAcknowledgement(40, new byte[32], "ops:alice", "disk failed", null);
        var entry = new SignedCheckpointEntry("acme", 27, new byte[32], At, "note", loss);

        var cut = Render<AcknowledgedLossList>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Checks, []).Add(x => x.SignedWithoutRow, [entry]));

        var alert = cut.Find("[data-testid=losses-without-row]");
        Assert.Contains("missing from the database", alert.TextContent);
        Assert.Contains("seqs 28–40 lost, acknowledged by ops:alice", alert.QuerySelector("[data-status=signed-without-row]")!.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=losses-confirmed]"));
    }

    [Fact]
    public void The_operators_reason_is_text_never_markup_and_no_losses_render_nothing()
    {
        var cut = RenderList(true, Check(28, 40, AcknowledgedLossStatus.NotConfirmed, "no acknowledgement", reason: "<b>fine</b><script>x()</script>"));

        var item = cut.Find("[data-testid=acknowledged-loss]");
        Assert.Contains("<b>fine</b><script>x()</script>", item.TextContent);
        Assert.Empty(item.QuerySelectorAll("b, script"));
        Assert.Empty(RenderList(true).FindAll("[data-testid=acknowledged-losses]"));
    }
}
