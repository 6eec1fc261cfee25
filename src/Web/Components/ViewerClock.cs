namespace AuditExplorer.Web.Components;

/// <summary>The viewer's time zone (from the browser); times show in it, with UTC on hover.</summary>
public sealed class ViewerClock
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public event Action? Changed;

    public void UseZone(string? ianaId)
    {
        if (string.IsNullOrEmpty(ianaId) || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone)) return;
        Zone = zone;
        Changed?.Invoke();
    }

    public DateTimeOffset ToLocal(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Zone);
}
