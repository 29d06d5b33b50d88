<div class="pml-cover" lang="es">
  <h1>Guía de la LMP</h1>
  <p class="pml-cover-subtitle">Una guía abierta, con fuentes y en palabras sencillas sobre la leucoencefalopatía multifocal progresiva (LMP)</p>
  <p>Edición impresa, versión {{ config.extra.version }}, {{ config.extra.build_date_es or config.extra.build_date }}</p>
  <p>La versión más reciente está en {{ config.site_url }}es/</p>
  <div class="pml-disclaimer">{{ config.extra.disclaimer_html_es }}</div>
  <p>Ningún médico ni enfermera ha revisado todavía esta guía, y la traducción al español no la ha revisado un médico ni una enfermera de lengua materna española. Cada página dice cómo se revisó.</p>
</div>
