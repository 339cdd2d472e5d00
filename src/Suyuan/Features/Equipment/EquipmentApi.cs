using Microsoft.Extensions.DependencyInjection.Extensions;
using Suyuan.Features.Equipment.Chemicals;
using Suyuan.Features.Equipment.Cylinders;
using Suyuan.Features.Equipment.Elevators;
using Suyuan.Hosting.Projections;

namespace Suyuan.Features.Equipment;

/// <summary>Special equipment and hazardous goods: elevators (with the car's public page), gas cylinders (with the filling check) and chemical balances.</summary>
internal static class EquipmentApi
{
    public static IServiceCollection AddEquipment(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Equipment").Get<EquipmentOptions>() ?? new EquipmentOptions());
        services.AddSingleton<EquipmentTables>();
        services.AddSingleton<Holders>();
        services.AddSingleton<ElevatorView>();
        services.AddSingleton<CylinderView>();
        services.AddSingleton<FeedFollower>();
        services.AddSingleton<ChemicalView>();
        services.AddSingleton<IEventProjection>(sp => sp.GetRequiredService<ElevatorView>());
        services.AddSingleton<IEventProjection>(sp => sp.GetRequiredService<CylinderView>());
        services.AddSingleton<IEventProjection>(sp => sp.GetRequiredService<ChemicalView>());
        services.AddSingleton<UnitHistoryEvents>();
        services.AddSingleton<IDeclaredEventState>(sp => sp.GetRequiredService<ElevatorView>());
        services.AddSingleton<IDeclaredEventState>(sp => sp.GetRequiredService<CylinderView>());
        services.AddSingleton<IDeclaredEventState>(sp => sp.GetRequiredService<ChemicalView>());
        services.AddHostedService<ElevatorSweep>();
        return services;
    }

    public static IEndpointRouteBuilder MapEquipmentApi(this IEndpointRouteBuilder app)
    {
        ElevatorApi.Map(app);
        CylinderApi.Map(app);
        ChemicalApi.Map(app);
        return app;
    }

    /// <summary>zh-CN unless ?lang=en or the language cookie the public pages share says English.</summary>
    public static bool English(HttpContext http)
    {
        var lang = http.Request.Query["lang"].ToString();
        if (lang is "en" or "zh")
        {
            http.Response.Cookies.Append("sy-lang", lang, new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true });
            return lang == "en";
        }
        return http.Request.Cookies["sy-lang"] == "en";
    }
}
