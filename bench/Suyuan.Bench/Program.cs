using Suyuan.Bench;

return args.FirstOrDefault() switch
{
    "store" => await StoreBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: Suyuan.Bench store [batches=100] [batchSize=1000] [connection string of an empty PostgreSQL database]");
    return 2;
}
