using Suyuan.Hosting.Projections;

namespace Suyuan.Features.Equipment.Elevators;

/// <summary>Looks for overdue elevators on a timer, so an elevator nobody asks about still raises its alert.</summary>
internal sealed class ElevatorSweep(ProjectionRunner runner, ElevatorView elevators, EquipmentOptions options, TimeProvider clock, ILogger<ElevatorSweep> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.SweepSeconds)), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await runner.CatchUpAsync(stoppingToken);
                    await elevators.SweepAsync(await elevators.AllAsync(stoppingToken), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "The overdue-elevator sweep failed; it runs again at the next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
