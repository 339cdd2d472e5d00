using Npgsql;
using Suyuan.Storage.Postgres;

namespace Suyuan.Storage.Tests;

public sealed class PostgresDefaultsTests
{
    [Fact]
    public void StatementsArePreparedAutomaticallyUnlessTheConnectionStringSaysOtherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(PostgresEventStore.WithDefaults("Host=db;Username=suyuan;Database=city"));
        Assert.Equal(64, defaults.MaxAutoPrepare);
        Assert.Equal(2, defaults.AutoPrepareMinUsages);
        Assert.Equal("city", defaults.Database);

        var off = new NpgsqlConnectionStringBuilder(PostgresEventStore.WithDefaults("Host=db;Database=city;Max Auto Prepare=0"));
        Assert.Equal(0, off.MaxAutoPrepare);

        var own = new NpgsqlConnectionStringBuilder(PostgresEventStore.WithDefaults("Host=db;Database=city;Auto Prepare Min Usages=7"));
        Assert.Equal(64, own.MaxAutoPrepare);
        Assert.Equal(7, own.AutoPrepareMinUsages);
    }
}
