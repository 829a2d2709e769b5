// Kept apart from cli/helm.ts so that `archipel --help` loads no renderer.

export const helmUsage = `  helm template [NAME] [CHART]   Print the chart's manifests as \`helm template\` renders them (CHART: default the current folder;
                                 its dependencies from charts/, else the workspace's charts of that name and version).
      -f, --values FILE          A values file over the chart's defaults; repeatable, later files win.
      --set KEY=VALUE            A value over them (a.b=1,c[0]=x,d={e,f}); repeatable.
      -n, --namespace NS         .Release.Namespace (default: default); NAME is .Release.Name (default: release-name).`;
