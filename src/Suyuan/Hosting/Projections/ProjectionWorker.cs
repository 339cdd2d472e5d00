namespace Suyuan.Hosting.Projections;

/// <summary>Runs the derived views at start (catching up on anything stored before a crash) and after each capture.</summary>
internal sealed class ProjectionWorker(ProjectionRunner runner) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runner.TryCatchUpAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.WaitForNewEventsAsync(TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await runner.TryCatchUpAsync(stoppingToken);
        }
    }
}
