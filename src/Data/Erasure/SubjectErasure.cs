namespace AuditExplorer.Data.Erasure;

/// <summary>A request to erase one data subject of a tenant.</summary>
/// <param name="TenantId">The tenant whose subject is erased.</param>
/// <param name="SubjectId">The pseudonymous subject id (an actor id, or the id at a personal path's subject path).</param>
/// <param name="ErasedBy">Subject id of the officer (or system) erasing; the actor of the erasure event.</param>
/// <param name="ErasedByKind">Actor kind of <paramref name="ErasedBy"/>; only the owner may use another kind than user.</param>
/// <param name="Reason">Why (e.g. the request's ticket); recorded in the erasure event, so it must hold no personal data.</param>
public sealed record SubjectErasure(string TenantId, string SubjectId, string ErasedBy, string ErasedByKind, string Reason);
