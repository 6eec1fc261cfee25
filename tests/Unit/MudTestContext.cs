using Bunit;
using MudBlazor.Services;

namespace AuditExplorer.Tests.Unit;

/// <summary>bUnit context with MudBlazor's services; its JavaScript calls are answered loosely (no browser here).</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // Some MudBlazor services are only asynchronously disposable; xunit 2 awaits this before calling Dispose.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
