using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Access.Permissions;

/// <summary>What a timeline filter asks for beyond the timeline itself: searching values, or seeing access events.</summary>
public static class TimelineFilterPermissions
{
    /// <summary>The actions a filter needs besides <see cref="ExplorerAction.ViewTimelines"/>.</summary>
    public static IReadOnlyList<ExplorerAction> Required(TimelineFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Required(!string.IsNullOrWhiteSpace(filter.Text), filter.IncludeAccessEvents || filter.ChangeKind == ChangeKinds.Access);
    }

    /// <summary>The same, from the two facts that decide it.</summary>
    public static IReadOnlyList<ExplorerAction> Required(bool searchesValues, bool showsAccessEvents)
    {
        var actions = new List<ExplorerAction>(2);
        if (searchesValues) actions.Add(ExplorerAction.SearchValues);
        if (showsAccessEvents) actions.Add(ExplorerAction.ViewAccessLog);
        return actions;
    }

    /// <summary>Throws <see cref="ActionRefusedException"/> for the first action the roles may not do.</summary>
    public static void Demand(IEnumerable<string> roles, TimelineFilter filter)
    {
        var list = roles as IReadOnlyCollection<string> ?? [.. roles];
        foreach (var action in Required(filter).Prepend(ExplorerAction.ViewTimelines))
            if (!PermissionMatrix.Allows(list, action)) throw new ActionRefusedException(action);
    }
}
