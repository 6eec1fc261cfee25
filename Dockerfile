# Web app image. The build stage runs exactly the publish command that .ci/run runs.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Web/AuditExplorer.Web.csproj -c Release -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The base image's unprivileged user.
USER app
ENV ASPNETCORE_HTTP_PORTS=8080 ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# Readiness: the app asks its own /health/ready (database reachable, signer record consistent).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s CMD ["dotnet", "AuditExplorer.Web.dll", "probe"]
ENTRYPOINT ["dotnet", "AuditExplorer.Web.dll"]
