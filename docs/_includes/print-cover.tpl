<div class="pml-cover">
  <h1>PML Guide</h1>
  <p class="pml-cover-subtitle">An open, referenced, plain-language guide to progressive multifocal leukoencephalopathy (PML)</p>
  <p>Printed edition, version {{ config.extra.version }}, {{ config.extra.build_date }}</p>
  <p>The latest version is at {{ config.site_url }}</p>
  <div class="pml-disclaimer">{{ config.extra.disclaimer_html }}</div>
  {#- From the review statuses the pages carry (scripts/pmlsources/shape.py, via the build hook). #}
  <p>{% if not config.extra.site_shape.clinically_reviewed %}No doctor or nurse has reviewed this guide yet. {% endif %}Each page states its review status.</p>
</div>
