using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace AuditExplorer.DevIdentity.Server;

/// <summary>Keeps data-protection keys (cookie and antiforgery encryption) in memory, so nothing is written to disk.</summary>
public sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _keys = [];

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return [.. _keys.Select(key => new XElement(key))];
        }
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _keys.Add(new XElement(element));
        }
    }
}
