// Azure Data Explorer for the leaderboard: cluster, database `leaderboard`, the kql/schema scripts,
// and the two identities that use it. Deploy with the command in infra/README.md.

@description('Cluster name: globally unique, 4-22 lowercase letters and digits, starting with a letter. It becomes https://NAME.REGION.kusto.windows.net.')
@minLength(4)
@maxLength(22)
param clusterName string

@description('Azure region of the cluster.')
param location string = resourceGroup().location

@description('Cluster SKU. The default dev SKU (one node, no SLA) is enough for the blog and for trying the project; for production use e.g. Standard_E8ads_v5 with skuTier Standard and capacity 2 or more.')
param skuName string = 'Dev(No SLA)_Standard_E2a_v4'

@description('SKU tier: Basic for the dev SKU, Standard for every production SKU.')
@allowed([
  'Basic'
  'Standard'
])
param skuTier string = 'Basic'

@description('Number of cluster instances: exactly 1 for the dev SKU, 2 or more for production SKUs.')
@minValue(1)
@maxValue(1000)
param capacity int = 1

@description('Stop the cluster after days without queries or ingestion, to save cost. Turn off for a board that must always answer.')
param enableAutoStop bool = true

@description('Application (client) id of the ingestor identity (service principal or managed identity): gets the database Ingestor role. For the blog\'s Kafka Connect sink, use the sink\'s service principal.')
param ingestorAppId string

@description('Application (client) id of the web identity: gets the database Viewer role, enough to call the leaderboard functions.')
param webAppId string

@description('Microsoft Entra tenant of both identities.')
param tenantId string = subscription().tenantId

@description('Re-runs the KQL scripts when it changes; the default (deployment time) re-runs them on every deployment, which is safe because they are idempotent.')
param scriptsUpdateTag string = utcNow()

// Fixed, not a parameter: the blog, the connector config (infra/connect/) and the apps all say `leaderboard`.
var databaseName = 'leaderboard'

// The kql/schema scripts in their apply order (NN- prefix). loadTextContent needs literal paths,
// so a new script file needs a line here too; infra tests fail until it has one.
var kqlScripts = [
  { name: '01-tables', content: loadTextContent('../kql/schema/01-tables.kql') }
  { name: '02-mappings', content: loadTextContent('../kql/schema/02-mappings.kql') }
  { name: '03-policies', content: loadTextContent('../kql/schema/03-policies.kql') }
  { name: '04-backfill', content: loadTextContent('../kql/schema/04-backfill.kql') }
  { name: '05-dedup', content: loadTextContent('../kql/schema/05-dedup.kql') }
  { name: '06-aggregates', content: loadTextContent('../kql/schema/06-aggregates.kql') }
  { name: '07-players-campaigns', content: loadTextContent('../kql/schema/07-players-campaigns.kql') }
  { name: '08-leaderboards', content: loadTextContent('../kql/schema/08-leaderboards.kql') }
]

resource cluster 'Microsoft.Kusto/clusters@2023-08-15' = {
  name: clusterName
  location: location
  sku: {
    name: skuName
    tier: skuTier
    capacity: capacity
  }
  properties: {
    // Streaming ingestion must be allowed on the cluster as well as on the table (03-policies.kql).
    enableStreamingIngest: true
    enableAutoStop: enableAutoStop
  }
}

resource database 'Microsoft.Kusto/clusters/databases@2023-08-15' = {
  parent: cluster
  name: databaseName
  location: location
  kind: 'ReadWrite'
  properties: {
    // Defaults for objects without their own policy; every table and view sets its own (03, 05, 06).
    softDeletePeriod: 'P90D'
    hotCachePeriod: 'P31D'
  }
}

// One script resource per file, so a failure names the file. @batchSize(1) runs them one at a
// time in list order: later scripts use what earlier ones create, and a database runs one
// script at a time anyway.
@batchSize(1)
resource schemaScripts 'Microsoft.Kusto/clusters/databases/scripts@2023-08-15' = [for script in kqlScripts: {
  parent: database
  name: script.name
  properties: {
    scriptContent: script.content
    continueOnErrors: false
    forceUpdateTag: scriptsUpdateTag
  }
}]

resource ingestorRole 'Microsoft.Kusto/clusters/databases/principalAssignments@2023-08-15' = {
  parent: database
  name: 'ingestor'
  properties: {
    principalId: ingestorAppId
    principalType: 'App'
    role: 'Ingestor'
    tenantId: tenantId
  }
}

resource webRole 'Microsoft.Kusto/clusters/databases/principalAssignments@2023-08-15' = {
  parent: database
  name: 'web'
  properties: {
    principalId: webAppId
    principalType: 'App'
    role: 'Viewer'
    tenantId: tenantId
  }
}

@description('Query endpoint: the apps\' query URL, and kusto.query.url of the Connect sink.')
output queryUri string = cluster.properties.uri

@description('Ingestion endpoint (ingest-...): kusto.ingestion.url of the Connect sink, the ingestor\'s queued ingestion.')
output ingestionUri string = cluster.properties.dataIngestionUri

@description('Database name.')
output databaseName string = databaseName
