using System.Reflection;
using Xunit.Sdk;

namespace AuditExplorer.Tests.E2E;

/// <summary>
/// Closes every browser context once its test ends. Left open, each page keeps its circuit, its session checks and
/// its refresh timers running for the rest of the run, and by the end the two cores spend much of their time on
/// pages no test looks at any more.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class ClosesBrowserContextsAfterEachTestAttribute : BeforeAfterTestAttribute
{
    // xUnit v2 calls this synchronously; the work runs off its synchronization context.
    public override void After(MethodInfo methodUnderTest) =>
        Task.Run(ExplorerAppFixture.CloseOpenContextsAsync).GetAwaiter().GetResult();
}
