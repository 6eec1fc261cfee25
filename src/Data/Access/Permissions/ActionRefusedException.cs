namespace AuditExplorer.Data.Access.Permissions;

/// <summary>The viewer's roles do not allow the action; nothing was read.</summary>
public sealed class ActionRefusedException(ExplorerAction action)
    : Exception(MessageFor(action))
{
    /// <summary>The refused action.</summary>
    public ExplorerAction Action { get; } = action;

    /// <summary>What the person is told: what is refused and what to do about it.</summary>
    public static string MessageFor(ExplorerAction action) => action switch
    {
        ExplorerAction.SearchValues => "Your role cannot search inside values: a match would reveal personal data. Open a record or actor timeline instead, or ask a compliance officer.",
        ExplorerAction.ViewAccessLog => "Access events are part of the access log, which your role cannot open. Ask a compliance officer if you need it.",
        ExplorerAction.ViewViewedBy => "Your role cannot see who viewed a record.",
        _ => "Your role does not allow this. If you need it, ask an audit administrator.",
    };
}
