using Bunit;
using MudBlazor.Services;

namespace AuditExplorer.Tests.Unit;

/// <summary>A bUnit context with MudBlazor's services and lenient JS interop, for component specs.</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    // The 1 s default fails a wait for an answer (even a refused connection) when the two cores are busy: slow the
    // suite down instead.
    static MudTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected MudTestContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // Some MudBlazor services are only asynchronously disposable; xunit 2 calls this before Dispose().
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
